#!/bin/sh
# macOS: double-click this file to open etalase's workshop (ruang kerja) on the catalog
# in this folder. Terminal opens with a short message; closing it stops the workshop.
# Klik dua kali berkas ini untuk membuka ruang kerja etalase untuk katalog di folder ini.
cd "$(dirname "$0")" || exit 1
exec ./etalase start
