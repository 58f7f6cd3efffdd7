//! Reading uploaded spreadsheets into [`Sheet`]s for the pure import rules
//! (`domain::student_import`): `.xlsx` with calamine, `.csv` with the csv crate. Every way a
//! file can be unreadable is a typed [`FileProblem`]; nothing here panics on bad bytes.
pub mod delimited;
pub mod student_template;
pub mod xlsx;

pub use crate::domain::student_import::MAX_FILE_BYTES;
use crate::domain::student_import::{FileProblem, Sheet};

/// Most rows (blank ones included) one sheet may have.
pub const MAX_SHEET_ROWS: usize = 20_000;
/// Most columns one sheet may have.
pub const MAX_SHEET_COLUMNS: usize = 256;

/// The start of every OLE compound file: old `.xls` files, and `.xlsx` files that Excel has
/// encrypted with a password (the zip is then stored inside an OLE container).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: [u8; 4] = [b'P', b'K', 3, 4];

/// The sheets of an uploaded file, recognised by its bytes first and its name second.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge {
            max_bytes: MAX_FILE_BYTES as u64,
        });
    }
    let name = file_name.to_ascii_lowercase();
    if bytes.starts_with(&ZIP_MAGIC) {
        return xlsx::read(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        // Excel stores a password-protected .xlsx inside an OLE container; an old .xls is one.
        if is_encrypted_ole(bytes) || name.ends_with(".xlsx") || name.ends_with(".xlsm") {
            return Err(FileProblem::Encrypted);
        }
        return xlsx::read_xls(bytes);
    }
    if name.ends_with(".xlsx") || name.ends_with(".xlsm") {
        return Err(FileProblem::Corrupt);
    }
    if name.ends_with(".csv") || name.ends_with(".txt") {
        return delimited::read(file_name, bytes);
    }
    Err(FileProblem::UnsupportedFormat)
}

/// An encrypted Office file is an OLE container with an `EncryptionInfo` stream (its name is
/// stored in UTF-16 in the container's directory).
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_upload_is_empty() {
        assert_eq!(read("a.xlsx", &[]), Err(FileProblem::Empty));
    }

    #[test]
    fn an_ole_container_named_xlsx_is_a_password_protected_workbook() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend([0u8; 504]);
        assert_eq!(read("danh-sach.xlsx", &bytes), Err(FileProblem::Encrypted));
    }

    #[test]
    fn an_ole_container_with_an_encryption_stream_is_encrypted_whatever_its_name() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend([0u8; 100]);
        bytes.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read("x.bin", &bytes), Err(FileProblem::Encrypted));
    }

    #[test]
    fn a_damaged_old_xls_workbook_is_corrupt() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend([0u8; 504]);
        assert_eq!(read("cu.xls", &bytes), Err(FileProblem::Corrupt));
    }

    #[test]
    fn garbage_named_xlsx_is_corrupt() {
        assert_eq!(read("a.xlsx", b"not a zip"), Err(FileProblem::Corrupt));
    }

    #[test]
    fn a_file_that_is_neither_is_unsupported() {
        assert_eq!(
            read("a.pdf", b"%PDF-1.4"),
            Err(FileProblem::UnsupportedFormat)
        );
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_before_reading() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            read("a.csv", &bytes),
            Err(FileProblem::TooLarge {
                max_bytes: MAX_FILE_BYTES as u64
            })
        );
    }
}
