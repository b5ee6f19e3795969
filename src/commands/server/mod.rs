//! The HTTP server of etalase's local pages: the preview of `serve`, and later the
//! workshop. Handlers are an axum [`Router`] given by the command; this module adds
//! what keeps the server standing when anyone on the Wi-Fi can reach it (`--lan`): the
//! [`Limits`], in one place, on hyper's HTTP/1 connections over tokio.
//!
//! - a request's line and headers over [`Limits::max_header_bytes`] are answered 431
//!   and the connection closed: nothing is buffered past the limit;
//! - headers not in within [`Limits::header_timeout`] (a slow-loris sending a byte a
//!   second, a connection that never sends one, an idle keep-alive) close the
//!   connection;
//! - a response not begun within [`Limits::response_timeout`] is 408; a body over
//!   [`Limits::max_body_bytes`] is 413, one slower than [`Limits::body_timeout`] fails;
//! - at most [`Limits::max_connections`] connections at once (an open event stream is
//!   one): the next is answered 503 and closed, never queued.
//!
//! Tasks, not threads: a connection costs a few kilobytes, and an idle one nothing but
//! its socket. The build itself stays off this runtime (rayon, synchronous).

use axum::Router;
use axum::http::StatusCode;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// What one client may cost the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The request line and headers together, in bytes: more is 431.
    pub max_header_bytes: usize,
    /// From a connection's start (or the end of its last response) to the end of the
    /// next request's headers: longer closes the connection.
    pub header_timeout: Duration,
    /// From the headers to the start of the response: longer is 408. A response once
    /// begun (an event stream) is not cut.
    pub response_timeout: Duration,
    /// A request's body, in bytes: more is 413.
    pub max_body_bytes: usize,
    /// From the headers to the end of the body: longer fails the request.
    pub body_timeout: Duration,
    /// Connections open at once, event streams included.
    pub max_connections: usize,
}

impl Limits {
    /// The preview of `etalase serve`: pages and photos out, nothing in but `GET`s.
    /// 512 connections leave room under the usual limit of 1,024 open files for the
    /// build's own; each costs a few kilobytes.
    pub const PREVIEW: Limits = Limits {
        max_header_bytes: 64 * 1024,
        header_timeout: Duration::from_secs(10),
        response_timeout: Duration::from_secs(30),
        max_body_bytes: 64 * 1024,
        body_timeout: Duration::from_secs(30),
        max_connections: 512,
    };

    /// The workshop (`etalase edit`): the preview's, but a post may carry a product's
    /// photos, [`crate::photos::upload::MAX_UPLOADS`] of the build's largest
    /// ([`crate::photos::MAX_PHOTO_BYTES`]) and the form's fields, over a slow Wi-Fi
    /// (60 MB at 1 Mbit/s is 8 minutes). The workshop's guard keeps every other body
    /// to the preview's limit, and reads a large one only for a signed-in session.
    pub const WORKSHOP: Limits = Limits {
        max_body_bytes: crate::photos::upload::MAX_UPLOADS
            * crate::photos::MAX_PHOTO_BYTES as usize
            + (1 << 20),
        body_timeout: Duration::from_secs(15 * 60),
        response_timeout: Duration::from_secs(15 * 60),
        ..Limits::PREVIEW
    };
}

/// Listens on `ip` at the first port of `ports` that is free; the error of the last
/// one tried (`port N: …`) when none is.
pub fn bind(ip: IpAddr, ports: impl IntoIterator<Item = u16>) -> Result<TcpListener, String> {
    let mut last = String::new();
    for port in ports {
        match TcpListener::bind(SocketAddr::new(ip, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = format!("port {port}: {e}"),
        }
    }
    Err(last)
}

/// Serves `routes` on `listener` within `limits` until `stop` completes; connections
/// still open then are dropped with the runtime. Must run inside a tokio runtime with
/// I/O and time enabled.
pub async fn run(
    listener: TcpListener,
    routes: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let service = TowerToHyperService::new(with_limits(routes, limits));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was
                // accepted: try again shortly rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => return Ok(()),
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            refuse(&stream);
            continue;
        };
        let connection = http.serve_connection(TokioIo::new(stream), service.clone());
        tokio::spawn(async move {
            // A client that goes away mid-request is no error of the server's.
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// The handler set with the limits on every request.
fn with_limits(routes: Router, limits: Limits) -> Router {
    routes
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.response_timeout,
        ))
}

/// A connection over the limit: told 503 and closed at once. The socket is new, so
/// its send buffer takes the few bytes without waiting.
fn refuse(stream: &tokio::net::TcpStream) {
    let _ = stream.try_write(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
    );
}

/// The runtime the server runs on: one thread for every connection (a preview's
/// traffic is one person's browser tabs), and a few more for reading files.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(4)
        .build()
}

/// Registers for Ctrl-C, and on Unix for SIGTERM and SIGHUP (`kill`, a closed
/// terminal), at once, so that a stop asked for from now on is not lost; the future
/// completes on the first. Call inside the runtime.
pub fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut int = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        let mut hup = signal(SignalKind::hangup())?;
        Ok(async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
