//! A form's body as posted: `multipart/form-data` (a form with a file chooser, which
//! the product form is) or `application/x-www-form-urlencoded`, read into its text
//! fields in order and its files.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;

/// What a form posted.
#[derive(Debug, Default)]
pub struct Posted {
    /// Text fields in the order sent (a name may come more than once).
    pub fields: Vec<(String, String)>,
    /// Files chosen: (the name the phone gave, the bytes). A chooser left empty sends
    /// a part with no name and no bytes, which is not kept.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Posted {
    /// Reads the body of `request` (the server's limits bound it).
    pub async fn read(request: Request) -> Result<Posted, StatusCode> {
        let kind = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = request.into_body();
        if let Ok(boundary) = multer::parse_boundary(&kind) {
            let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
            let mut posted = Posted::default();
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|_| StatusCode::BAD_REQUEST)?
            {
                let name = field.name().unwrap_or("").to_string();
                match field.file_name().map(str::to_string) {
                    Some(file_name) => {
                        let bytes = field.bytes().await.map_err(|_| StatusCode::BAD_REQUEST)?;
                        if !file_name.is_empty() || !bytes.is_empty() {
                            posted.files.push((file_name, bytes.to_vec()));
                        }
                    }
                    None => {
                        let text = field.text().await.map_err(|_| StatusCode::BAD_REQUEST)?;
                        posted.fields.push((name, text));
                    }
                }
            }
            return Ok(posted);
        }
        if kind.starts_with("application/x-www-form-urlencoded") {
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?;
            return Ok(Posted {
                fields: url::form_urlencoded::parse(&bytes).into_owned().collect(),
                files: Vec::new(),
            });
        }
        Err(StatusCode::UNSUPPORTED_MEDIA_TYPE)
    }

    /// The first value of the field `name` (empty when absent).
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Whether the field `name` was sent.
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Every value of the field `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A form handler takes the post as it takes its other arguments; what cannot be read
/// is answered with [`Posted::read`]'s status.
impl<S: Send + Sync> axum::extract::FromRequest<S> for Posted {
    type Rejection = StatusCode;

    async fn from_request(request: Request, _: &S) -> Result<Posted, StatusCode> {
        Posted::read(request).await
    }
}
