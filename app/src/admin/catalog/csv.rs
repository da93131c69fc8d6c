//! A small RFC 4180 CSV reader: quoted fields (with `""` and line breaks inside),
//! CRLF or LF, a byte-order mark. Keeps the line number each record starts on.

/// One record and the line it starts on (1-based).
#[derive(Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits `text` into records; an unterminated quote is an error naming its line.
pub fn parse(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut record_line) = (1, 1);
    let mut quoted = false;
    let mut quote_line = 0;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                quote_line = line;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                push_record(&mut records, record_line, std::mem::take(&mut fields));
                line += 1;
                record_line = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err((quote_line, "a quoted field is never closed".into()));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        push_record(&mut records, record_line, fields);
    }
    Ok(records)
}

/// Keeps a record unless it is a blank line.
fn push_record(records: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    if !(fields.len() == 1 && fields[0].trim().is_empty()) {
        records.push(Record { line, fields });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_crlf_and_blank_lines() {
        let text = "\u{feff}code,name\r\nA,\"Paper, white\"\r\n\r\nB,\"He said \"\"hi\"\"\nand left\"\nC,last";
        let records = parse(text).unwrap();
        assert_eq!(records.len(), 4);
        assert_eq!(records[0], Record { line: 1, fields: vec!["code".into(), "name".into()] });
        assert_eq!(records[1].fields, vec!["A", "Paper, white"]);
        assert_eq!(records[2], Record { line: 4, fields: vec!["B".into(), "He said \"hi\"\nand left".into()] });
        assert_eq!(records[3], Record { line: 6, fields: vec!["C".into(), "last".into()] });
    }

    #[test]
    fn an_open_quote_names_its_line() {
        assert_eq!(parse("a,b\n1,\"oops\n2,3"), Err((2, "a quoted field is never closed".into())));
        assert_eq!(parse("").unwrap(), vec![]);
    }
}
