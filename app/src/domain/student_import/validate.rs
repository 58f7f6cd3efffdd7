//! Reading a whole sheet into student records, collecting every problem on the way.
use super::cells::{column_letter, Cell, Sheet};
use super::dates::{excel_serial_to_date, parse_date_text, SimpleDate};
use super::fields::{recognise_header, Field, HEADER_SEARCH_ROWS};
use super::report::{FileProblem, Problem, ProblemKind};
use super::values::{parse_code, parse_gender, parse_status, CodeProblem, Gender, StudentStatus};
use crate::domain::vietnamese::{fold_vi, PersonName};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// Most student rows one file may hold (a large school has about 3,000 students).
pub const MAX_ROWS: usize = 5_000;
/// Longest text kept in a free-text field.
pub const MAX_TEXT_LEN: usize = 200;
/// Oldest a student may be, in years, for a date of birth to be believed.
pub const MAX_AGE_YEARS: i32 = 30;

/// What the file is checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRules {
    /// The names of the school's classes this school year.
    pub classes: Vec<String>,
    /// Dates of birth after today, or more than [`MAX_AGE_YEARS`] before it, are refused.
    pub today: SimpleDate,
}

/// One valid row. A free-text field is `None` when its column is absent or its cell blank:
/// an import never erases what is known with a blank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentRecord {
    pub row: u32,
    pub code: String,
    pub name: PersonName,
    pub date_of_birth: Option<SimpleDate>,
    pub gender: Gender,
    /// The class's name as the school spells it; `None` leaves the enrolment as it is.
    pub class: Option<String>,
    pub status: Option<StudentStatus>,
    pub ethnicity: Option<String>,
    pub national_id: Option<String>,
    pub place_of_birth: Option<String>,
    pub hometown: Option<String>,
    pub address: Option<String>,
    pub current_address: Option<String>,
    pub religion: Option<String>,
    pub nationality: Option<String>,
    pub policy_group: Option<String>,
    /// Parents or guardians named on the row: (relationship as the school writes it, name).
    pub guardians: Vec<(String, String)>,
    /// The family's contact phone ("SĐT"), given to the first guardian named.
    pub phone: Option<String>,
}

/// The relationship stored for each guardian column, as Vietnamese records write it.
pub const GUARDIAN_COLUMNS: [(Field, &str); 3] = [
    (Field::FatherName, "Cha"),
    (Field::MotherName, "Mẹ"),
    (Field::ParentName, "Phụ huynh"),
];

/// A phone number as typed; a 9-digit number is a Vietnamese number whose leading zero a
/// number cell dropped (`912345678` → `0912345678`).
pub fn tidy_phone(text: &str) -> String {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if compact.len() == 9
        && compact.bytes().all(|b| b.is_ascii_digit())
        && !compact.starts_with('0')
    {
        format!("0{compact}")
    } else {
        text.to_string()
    }
}

/// A column the import reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedColumn {
    pub field: Field,
    pub letter: String,
    pub header: String,
}

/// The whole file, read: where the header is, the valid rows, and every problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub sheet: String,
    /// The header's row number in the sheet (from 1).
    pub header_row: u32,
    pub columns: Vec<UsedColumn>,
    /// Headers of columns that are not imported (STT, notes, parents' names…).
    pub ignored_columns: Vec<String>,
    /// Student rows found (valid or not); blank rows are not counted.
    pub rows_read: usize,
    /// The valid rows, in file order.
    pub records: Vec<StudentRecord>,
    /// Every problem, by row then column.
    pub problems: Vec<Problem>,
    /// The code and name as typed on each row that is not a record, so a report can show them.
    pub rejected: Vec<RowLabel>,
}

/// A row's code and name as typed (tidied), for a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowLabel {
    pub row: u32,
    pub code: String,
    pub name: String,
}

/// Fields whose values the import stores; other recognised columns are reported as ignored.
const IMPORTED: [Field; 22] = [
    Field::FatherName,
    Field::MotherName,
    Field::ParentName,
    Field::Phone,
    Field::Code,
    Field::NationalId,
    Field::FullName,
    Field::FamilyName,
    Field::MiddleName,
    Field::GivenName,
    Field::DateOfBirth,
    Field::Gender,
    Field::Ethnicity,
    Field::Class,
    Field::Status,
    Field::PlaceOfBirth,
    Field::Hometown,
    Field::Address,
    Field::CurrentAddress,
    Field::Religion,
    Field::Nationality,
    Field::PolicyGroup,
];

struct Header {
    sheet: usize,
    row: usize,
    /// Field → (column, match quality).
    fields: BTreeMap<Field, (usize, usize)>,
}

fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.trim().to_string(),
        _ => String::new(),
    }
}

/// The recognised columns of one row; for a field named twice, the better (then the first).
fn read_header(sheet: &Sheet, row: usize) -> BTreeMap<Field, (usize, usize)> {
    let mut fields: BTreeMap<Field, (usize, usize)> = BTreeMap::new();
    let Some(cells) = sheet.rows.get(row) else {
        return fields;
    };
    for (col, cell) in cells.iter().enumerate() {
        if let Some((field, quality)) = recognise_header(&header_text(cell)) {
            match fields.get(&field) {
                Some((_, q)) if *q >= quality => {}
                _ => {
                    fields.insert(field, (col, quality));
                }
            }
        }
    }
    fields
}

fn has_code(f: &BTreeMap<Field, (usize, usize)>) -> bool {
    f.contains_key(&Field::Code) || f.contains_key(&Field::NationalId)
}

fn has_name(f: &BTreeMap<Field, (usize, usize)>) -> bool {
    f.contains_key(&Field::FullName) || f.contains_key(&Field::GivenName)
}

/// The header row: among the first rows of every sheet, the one naming the most known
/// columns (the first such), provided it names a code and a name.
fn find_header(sheets: &[Sheet]) -> Result<Header, FileProblem> {
    let mut best: Option<Header> = None;
    for (s, sheet) in sheets.iter().enumerate() {
        for row in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
            let fields = read_header(sheet, row);
            let score = |f: &BTreeMap<Field, (usize, usize)>| {
                f.len() + 100 * usize::from(has_code(f) && has_name(f))
            };
            if fields.len() >= 2
                && best
                    .as_ref()
                    .is_none_or(|b| score(&fields) > score(&b.fields))
            {
                best = Some(Header {
                    sheet: s,
                    row,
                    fields,
                });
            }
        }
    }
    let header = best.ok_or(FileProblem::NoHeader)?;
    if !has_code(&header.fields) {
        return Err(FileProblem::MissingColumn(Field::Code));
    }
    if !has_name(&header.fields) {
        return Err(FileProblem::MissingColumn(Field::FullName));
    }
    if !header.fields.contains_key(&Field::Gender) {
        return Err(FileProblem::MissingColumn(Field::Gender));
    }
    Ok(header)
}

/// NFC, whitespace collapsed.
fn tidy(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Class names compare without case, marks, spaces or a leading "Lớp": `lớp 6a1` is `6A1`.
fn class_key(name: &str) -> String {
    let folded: String = fold_vi(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    folded
        .strip_prefix("lop")
        .filter(|rest| !rest.is_empty())
        .map(str::to_string)
        .unwrap_or(folded)
}

struct RowReader<'a> {
    sheet: &'a Sheet,
    row: usize,
    columns: &'a HashMap<Field, UsedColumn>,
    col_index: &'a HashMap<Field, usize>,
    problems: Vec<Problem>,
}

impl RowReader<'_> {
    fn problem(&mut self, field: Option<Field>, kind: ProblemKind) {
        let column = field.and_then(|f| self.columns.get(&f));
        self.problems.push(Problem {
            row: self.row as u32 + 1,
            column: column.map(|c| c.letter.clone()),
            header: column.map(|c| c.header.clone()),
            kind,
        });
    }

    fn cell(&self, field: Field) -> Option<&Cell> {
        self.col_index
            .get(&field)
            .map(|col| self.sheet.cell(self.row, *col))
    }

    /// The cell's text, tidied; `None` when absent or blank; a problem for a formula or an error.
    fn text(&mut self, field: Field) -> Result<Option<String>, ()> {
        let Some(cell) = self.cell(field).cloned() else {
            return Ok(None);
        };
        match cell {
            Cell::Formula(f) => {
                self.problem(Some(field), ProblemKind::Formula { formula: f });
                Err(())
            }
            Cell::Error(e) => {
                self.problem(Some(field), ProblemKind::ErrorValue { value: e });
                Err(())
            }
            other => {
                let text = tidy(&other.as_text());
                if text.chars().count() > MAX_TEXT_LEN {
                    self.problem(Some(field), ProblemKind::TooLong { max: MAX_TEXT_LEN });
                    return Err(());
                }
                Ok((!text.is_empty()).then_some(text))
            }
        }
    }
}

/// Reads every row below the header. Rows whose code and name are both blank (blank lines,
/// totals, signatures) are skipped; every other row is a student, valid or with problems.
pub fn analyse(sheets: &[Sheet], rules: &ImportRules) -> Result<Analysis, FileProblem> {
    if sheets
        .iter()
        .all(|s| s.rows.iter().flatten().all(Cell::is_blank))
    {
        return Err(FileProblem::Empty);
    }
    let header = find_header(sheets)?;
    let sheet = &sheets[header.sheet];
    let mut fields = header.fields.clone();
    // Without a student-code column, the personal identification number serves as the code.
    if !fields.contains_key(&Field::Code) {
        if let Some(id) = fields.remove(&Field::NationalId) {
            fields.insert(Field::Code, id);
        }
    }
    // Separate name columns are more precise than one "Họ tên" to split.
    if fields.contains_key(&Field::GivenName) {
        fields.remove(&Field::FullName);
    }
    let mut columns: HashMap<Field, UsedColumn> = HashMap::new();
    let mut col_index: HashMap<Field, usize> = HashMap::new();
    for (field, (col, _)) in &fields {
        if IMPORTED.contains(field) {
            columns.insert(
                *field,
                UsedColumn {
                    field: *field,
                    letter: column_letter(*col),
                    header: header_text(sheet.cell(header.row, *col)),
                },
            );
            col_index.insert(*field, *col);
        }
    }
    let header_cells = sheet.rows.get(header.row).map(Vec::as_slice).unwrap_or(&[]);
    let ignored_columns: Vec<String> = header_cells
        .iter()
        .enumerate()
        .filter(|(col, _)| !col_index.values().any(|c| c == col))
        .map(|(_, cell)| header_text(cell))
        .filter(|h| !h.is_empty())
        .collect();

    let classes: HashMap<String, &String> =
        rules.classes.iter().map(|c| (class_key(c), c)).collect();
    let earliest = SimpleDate::new(rules.today.year() - MAX_AGE_YEARS, 1, 1).unwrap_or(rules.today);

    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut rows_read = 0usize;
    let mut rejected: Vec<RowLabel> = Vec::new();
    let mut first_row_of_code: HashMap<String, u32> = HashMap::new();
    let mut duplicates: Vec<(u32, u32)> = Vec::new();
    for row in header.row + 1..sheet.rows.len() {
        let mut r = RowReader {
            sheet,
            row,
            columns: &columns,
            col_index: &col_index,
            problems: Vec::new(),
        };
        let name_fields = [Field::FullName, Field::FamilyName, Field::GivenName];
        let blank = |f: Field| r.cell(f).is_none_or(Cell::is_blank);
        if blank(Field::Code) && name_fields.into_iter().all(blank) {
            continue;
        }
        rows_read += 1;
        if rows_read > MAX_ROWS {
            return Err(FileProblem::TooManyRows { max: MAX_ROWS });
        }
        let line = row as u32 + 1;

        let code = match r.text(Field::Code) {
            Ok(text) => match parse_code(text.as_deref().unwrap_or("")) {
                Ok(code) => Some(code),
                Err(CodeProblem::Missing) => {
                    r.problem(Some(Field::Code), ProblemKind::MissingCode);
                    None
                }
                Err(CodeProblem::Invalid) => {
                    let value = text.unwrap_or_default();
                    r.problem(Some(Field::Code), ProblemKind::BadCode { value });
                    None
                }
            },
            Err(()) => None,
        };
        if let Some(code) = &code {
            match first_row_of_code.get(code) {
                Some(first) => duplicates.push((*first, line)),
                None => {
                    first_row_of_code.insert(code.clone(), line);
                }
            }
        }

        let name = if columns.contains_key(&Field::GivenName) {
            let family = r.text(Field::FamilyName);
            let middle = r.text(Field::MiddleName);
            let given = r.text(Field::GivenName);
            match (family, middle, given) {
                (Ok(f), Ok(m), Ok(Some(g))) => PersonName::from_parts(
                    f.as_deref().unwrap_or(""),
                    m.as_deref().unwrap_or(""),
                    &g,
                )
                .ok(),
                (Ok(_), Ok(_), Ok(None)) => {
                    r.problem(Some(Field::GivenName), ProblemKind::MissingName);
                    None
                }
                _ => None,
            }
        } else {
            match r.text(Field::FullName) {
                Ok(Some(full)) => PersonName::split_full(&full).ok(),
                Ok(None) => {
                    r.problem(Some(Field::FullName), ProblemKind::MissingName);
                    None
                }
                Err(()) => None,
            }
        };

        let date_of_birth = read_date(&mut r, rules.today, earliest);

        let gender = match r.text(Field::Gender) {
            Ok(Some(text)) => {
                let g = parse_gender(&text);
                if g.is_none() {
                    r.problem(
                        Some(Field::Gender),
                        ProblemKind::UnknownGender { value: text },
                    );
                }
                g
            }
            Ok(None) => {
                r.problem(Some(Field::Gender), ProblemKind::MissingGender);
                None
            }
            Err(()) => None,
        };

        let class = match r.text(Field::Class) {
            Ok(Some(text)) => match classes.get(&class_key(&text)) {
                Some(name) => Ok(Some((*name).clone())),
                None => {
                    r.problem(
                        Some(Field::Class),
                        ProblemKind::UnknownClass { value: text },
                    );
                    Err(())
                }
            },
            Ok(None) => Ok(None),
            Err(()) => Err(()),
        };

        let status = match r.text(Field::Status) {
            Ok(Some(text)) => match parse_status(&text) {
                Some(s) => Ok(Some(s)),
                None => {
                    r.problem(
                        Some(Field::Status),
                        ProblemKind::UnknownStatus { value: text },
                    );
                    Err(())
                }
            },
            Ok(None) => Ok(None),
            Err(()) => Err(()),
        };

        let mut free = |f: Field| r.text(f);
        let texts = (
            free(Field::Ethnicity),
            free(Field::NationalId),
            free(Field::PlaceOfBirth),
            free(Field::Hometown),
            free(Field::Address),
            free(Field::CurrentAddress),
            free(Field::Religion),
            free(Field::Nationality),
            free(Field::PolicyGroup),
        );
        let mut guardians = Vec::new();
        let mut guardian_problem = false;
        for (field, relationship) in GUARDIAN_COLUMNS {
            match free(field) {
                Ok(Some(name)) => guardians.push((relationship.to_string(), name)),
                Ok(None) => {}
                Err(()) => guardian_problem = true,
            }
        }
        let phone = free(Field::Phone).map(|p| p.map(|p| tidy_phone(&p)));

        let row_problems = std::mem::take(&mut r.problems);
        if !row_problems.is_empty() {
            let typed = |f: Field| {
                r.cell(f)
                    .map(|c| tidy(&c.as_text()))
                    .filter(|t| !t.is_empty())
            };
            let name = typed(Field::FullName).unwrap_or_else(|| {
                [Field::FamilyName, Field::MiddleName, Field::GivenName]
                    .into_iter()
                    .filter_map(typed)
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            rejected.push(RowLabel {
                row: line,
                code: typed(Field::Code).unwrap_or_default(),
                name,
            });
        }
        if row_problems.is_empty() && !guardian_problem {
            if let (
                Some(code),
                Some(name),
                Ok(date_of_birth),
                Some(gender),
                Ok(class),
                Ok(status),
                (
                    Ok(ethnicity),
                    Ok(national_id),
                    Ok(place_of_birth),
                    Ok(hometown),
                    Ok(address),
                    Ok(current_address),
                    Ok(religion),
                    Ok(nationality),
                    Ok(policy_group),
                ),
                Ok(phone),
            ) = (
                code,
                name,
                date_of_birth,
                gender,
                class,
                status,
                texts,
                phone,
            ) {
                records.push(StudentRecord {
                    row: line,
                    code,
                    name,
                    date_of_birth,
                    gender,
                    class,
                    status,
                    ethnicity,
                    // When it stands in for the code, the column is not also a national id.
                    national_id: national_id.filter(|_| header.fields.contains_key(&Field::Code)),
                    place_of_birth,
                    hometown,
                    address,
                    current_address,
                    religion,
                    nationality,
                    policy_group,
                    guardians,
                    phone,
                });
            }
        }
        problems.extend(row_problems);
    }

    // Every row of a repeated code is refused: which one is right is the admin's call.
    let code_col = columns.get(&Field::Code);
    let mut bad_rows: Vec<u32> = Vec::new();
    let mut first_dup: HashMap<u32, u32> = HashMap::new();
    for (first, later) in duplicates {
        first_dup.entry(first).or_insert(later);
        problems.push(Problem {
            row: later,
            column: code_col.map(|c| c.letter.clone()),
            header: code_col.map(|c| c.header.clone()),
            kind: ProblemKind::DuplicateCode { first_row: first },
        });
        bad_rows.push(later);
    }
    for (first, later) in first_dup {
        problems.push(Problem {
            row: first,
            column: code_col.map(|c| c.letter.clone()),
            header: code_col.map(|c| c.header.clone()),
            kind: ProblemKind::DuplicateCode { first_row: later },
        });
        bad_rows.push(first);
    }
    for r in records.iter().filter(|r| bad_rows.contains(&r.row)) {
        rejected.push(RowLabel {
            row: r.row,
            code: r.code.clone(),
            name: r.name.full(),
        });
    }
    rejected.sort_by_key(|l| l.row);
    records.retain(|r| !bad_rows.contains(&r.row));
    problems.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));

    let mut used: Vec<UsedColumn> = columns.into_values().collect();
    used.sort_by_key(|c| col_index.get(&c.field).copied());
    Ok(Analysis {
        sheet: sheet.name.clone(),
        header_row: header.row as u32 + 1,
        columns: used,
        ignored_columns,
        rows_read,
        records,
        problems,
        rejected,
    })
}

fn read_date(
    r: &mut RowReader<'_>,
    today: SimpleDate,
    earliest: SimpleDate,
) -> Result<Option<SimpleDate>, ()> {
    let Some(cell) = r.cell(Field::DateOfBirth).cloned() else {
        return Ok(None);
    };
    let date = match &cell {
        Cell::Empty => return Ok(None),
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Text(t) => parse_date_text(t),
        Cell::Number(n) | Cell::DateSerial(n) => excel_serial_to_date(*n),
        Cell::Bool(_) => None,
        Cell::Formula(_) | Cell::Error(_) => {
            return r.text(Field::DateOfBirth).map(|_| None);
        }
    };
    let value = match &cell {
        Cell::DateSerial(_) => date
            .map(|d| d.to_string())
            .unwrap_or_else(|| cell.as_text()),
        _ => tidy(&cell.as_text()),
    };
    match date {
        None => {
            r.problem(Some(Field::DateOfBirth), ProblemKind::BadDate { value });
            Err(())
        }
        Some(d) if d > today || d < earliest => {
            r.problem(
                Some(Field::DateOfBirth),
                ProblemKind::DateOutOfRange { value },
            );
            Err(())
        }
        Some(d) => Ok(Some(d)),
    }
}
