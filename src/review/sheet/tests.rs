use super::*;

fn frame() -> CodeFrame {
    crate::summary::fixture::frame()
}

#[test]
fn reads_a_sheet_saved_by_a_spreadsheet() {
    let f = frame();
    let ids: Vec<&str> = f.themes.iter().map(|t| t.id.as_str()).collect();
    let text = format!(
        "\u{feff}# hearken double-coding sheet,,\n# rules\nid,question,answer,reviewer,{} Name,{}\n\
         R1,Q1,\"'=SUM(1)\",Ann,1,\n R2 ,Q1,nothing,,,x\n",
        ids[0], ids[1]
    );
    let s = Sheet::parse(Path::new("ann.csv"), text.as_bytes(), &f).expect("valid sheet");
    assert_eq!(s.reviewer, "Ann");
    assert_eq!(s.rows.len(), 2);
    assert_eq!(s.rows[0].answer, "=SUM(1)");
    assert_eq!(s.rows[0].line, 4);
    assert!(s.rows[0].codes[0] && !s.rows[0].codes[1]);
    assert!(!s.rows[1].codes[0] && s.rows[1].codes[1]);
    assert_eq!(s.rows[1].id, "R2");
    assert!(s.themes[0] && s.themes[1]);
}

#[test]
fn errors_name_line_and_column() {
    let f = frame();
    let t = &f.themes[0].id;
    let err = |body: &str| {
        Sheet::parse(Path::new("s.csv"), body.as_bytes(), &f)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    };
    assert_eq!(
        err(&format!("id,question,answer,{t}\nR1,Q1,a,maybe\n")),
        "s.csv: line 2, column 4: `maybe`: write 1 (or x) when the answer raises the theme, leave blank (or 0) when not"
    );
    assert_eq!(
        err("id,question,answer,T99\n"),
        "s.csv: line 1, column 4: `T99` is not a theme of the code frame"
    );
    assert_eq!(
        err(&format!("id,answer,{t}\n")),
        "s.csv: line 1, column 1: the header has no `question` column"
    );
    assert_eq!(
        err(&format!("id,question,answer,{t}\n,Q1,a,1\n")),
        "s.csv: line 2, column 1: the id is empty"
    );
    assert_eq!(
        err("# only comments\n"),
        "s.csv: no header row (id,question,answer,...)"
    );
}
