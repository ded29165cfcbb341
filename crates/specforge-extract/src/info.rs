//! Document info (title, service, version, status) and the status gate.
//!
//! Status is read from every form the templates and real specs use: `**Status**: Approved`,
//! `**Document Status**: APPROVED`, `> **Status:** Approved`, a `| **Status** | Approved |` row,
//! and YAML front matter. The first one in the document wins.

use crate::Context;
use crate::placeholder;
use specforge_markdown::{Block, FieldForm};
use specforge_model::{Code, Diagnostic, DocumentStatus, Span, Spanned, Spec, StatusKind};

const STATUS_KEYS: &[&str] = &[
    "status",
    "document status",
    "doc status",
    "spec status",
    "approval status",
    "상태",
    "문서 상태",
    "ステータス",
    "状态",
    "文档状态",
    "trạng thái",
];
const VERSION_KEYS: &[&str] = &[
    "version",
    "document version",
    "doc version",
    "spec version",
    "버전",
    "バージョン",
    "版本",
    "phiên bản",
];
const SERVICE_KEYS: &[&str] = &[
    "project",
    "project name",
    "service",
    "service name",
    "system",
    "system name",
    "feature",
    "component",
    "프로젝트",
    "プロジェクト",
    "项目",
    "dự án",
];

pub(crate) fn extract(cx: &mut Context<'_>) {
    let mut info = specforge_model::DocumentInfo::default();
    for block in &cx.document.blocks {
        let Block::Field(field) = block else { continue };
        if !matches!(
            field.form,
            FieldForm::Line | FieldForm::Blockquote | FieldForm::TableRow | FieldForm::FrontMatter
        ) {
            continue;
        }
        let key = field.key.to_lowercase();
        let value = Spanned::new(field.value.clone(), field.value_span);
        if field.form == FieldForm::FrontMatter && key == "title" && info.title.is_none() {
            info.title = Some(value.clone());
        }
        if info.status.is_none() && STATUS_KEYS.contains(&key.as_str()) {
            info.status = Some(DocumentStatus {
                kind: classify_status(&field.value),
                text: field.value.clone(),
                span: field.value_span,
            });
        } else if info.version.is_none() && VERSION_KEYS.contains(&key.as_str()) {
            info.version = Some(value);
        } else if info.service.is_none() && SERVICE_KEYS.contains(&key.as_str()) {
            info.service = Some(value);
        }
    }
    if info.title.is_none() {
        let heading = cx
            .document
            .sections
            .iter()
            .find(|s| s.level == 1)
            .or_else(|| cx.document.sections.first());
        info.title = heading.map(|s| Spanned::new(s.title.clone(), s.span));
    }
    if info.service.is_none() {
        info.service = info.title.as_ref().and_then(|title| {
            service_from_title(&title.value).map(|name| Spanned::new(name, title.span))
        });
    }
    if info.title.is_none() {
        cx.out.diagnostics.push(
            Diagnostic::new(
                Code::TitleMissing,
                Span::new(0, 0),
                "the document has no title",
            )
            .with_help("start the spec with a `# Title` heading"),
        );
    }
    for value in [&info.title, &info.service, &info.version]
        .into_iter()
        .flatten()
    {
        let span = value.span;
        cx.scan(span, placeholder::Context::Text);
    }
    // The document-info block: fields before the first `##` heading or in a section titled
    // "Document Info…". The status has its own diagnostic, so it is not scanned here.
    let document = cx.document;
    let header_fields: Vec<_> = document
        .fields()
        .filter(|f| {
            let in_header = match f.section {
                None => true,
                Some(id) => {
                    let title = document.sections[id].title.to_lowercase();
                    document.sections[id].level == 1
                        || title.starts_with("document info")
                        || title.contains("metadata")
                }
            };
            in_header && !STATUS_KEYS.contains(&f.key.to_lowercase().as_str())
        })
        .map(|f| f.value_span)
        .collect();
    for span in header_fields {
        cx.scan(span, placeholder::Context::Text);
    }
    cx.out.spec.info = info;
}

/// The service a title names, when no field states it: the part before a separator (`—`,
/// ` - `, `: `), without trailing document words (`Ledger Service - Technical Specification`
/// → `Ledger Service`, `Payouts Technical Specification` → `Payouts`). `None` when nothing
/// but document words is left (`Technical Specification`).
pub fn service_from_title(title: &str) -> Option<String> {
    const DOCUMENT_WORDS: &[&str] = &[
        "technical",
        "tech",
        "specification",
        "spec",
        "design",
        "document",
        "doc",
        "template",
        "alerting",
        "observability",
        "monitoring",
        "prd",
        "rfc",
    ];
    let head = ["—", " - ", ": ", " – "]
        .iter()
        .filter_map(|separator| title.find(separator))
        .min()
        .map_or(title, |at| &title[..at]);
    let mut words: Vec<&str> = head.split_whitespace().collect();
    while words.last().is_some_and(|w| {
        DOCUMENT_WORDS.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        )
    }) {
        words.pop();
    }
    let name = words.join(" ");
    let name = name.trim_matches(|c: char| !c.is_alphanumeric());
    (!name.is_empty()).then(|| name.to_owned())
}

/// What a status value means. A value listing several statuses (`Draft / In Review /
/// Approved`, `{Draft|Approved}`) is the template's unfilled choice list.
pub fn classify_status(value: &str) -> StatusKind {
    let lower = value.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let kinds: Vec<StatusKind> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| word_kind(w, words.get(i + 1).copied()))
        .collect();
    let distinct = {
        let mut k = kinds.clone();
        k.dedup();
        k.len()
    };
    let listy = lower.contains('/') || lower.contains('|') || lower.contains(" or ");
    if distinct >= 2 && listy {
        return StatusKind::Unfilled;
    }
    if words.first().is_some_and(|w| *w == "not") {
        return StatusKind::Other;
    }
    kinds.first().copied().unwrap_or(StatusKind::Other)
}

fn word_kind(word: &str, next: Option<&str>) -> Option<StatusKind> {
    match word {
        "approved" | "implemented" | "complete" | "completed" | "accepted" | "승인"
        | "承認済み" | "已批准" => Some(StatusKind::Approved),
        "draft" | "wip" | "proposed" | "proposal" | "초안" | "草稿" | "ドラフト" => {
            Some(StatusKind::Draft)
        }
        "review" | "in_review" | "in-review" | "reviewing" | "rfc" => Some(StatusKind::InReview),
        "under" | "in" if next == Some("review") => None,
        "deprecated" | "superseded" | "archived" | "rejected" | "obsolete" | "withdrawn" => {
            Some(StatusKind::Retired)
        }
        _ => None,
    }
}

/// The usability gate shared by `extract` and `generate`: a status that is approved (unless
/// `allow_draft`), and something to generate from.
pub fn gate(spec: &Spec, allow_draft: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let title_span = spec.info.title.as_ref().map_or(Span::new(0, 0), |t| t.span);
    match &spec.info.status {
        None if !allow_draft => out.push(
            Diagnostic::new(Code::StatusMissing, title_span, "the spec states no status")
                .with_help("add `**Status**: Approved` under the title once the spec is approved, or pass --allow-draft"),
        ),
        Some(status) if status.kind == StatusKind::Unfilled => out.push(
            Diagnostic::new(
                Code::StatusUnfilled,
                status.span,
                format!("the status is still the template's choice list `{}`", status.text),
            )
            .with_help("keep the one status that applies, e.g. `Approved`"),
        ),
        Some(status) if !status.kind.is_approved() && !allow_draft => out.push(
            Diagnostic::new(
                Code::StatusNotApproved,
                status.span,
                format!("the spec's status is `{}`, not approved", status.text),
            )
            .with_help("generate from approved specs only (Approved, Implemented, Complete, Accepted), or pass --allow-draft"),
        ),
        _ => {}
    }
    if spec.is_empty() {
        out.push(
            Diagnostic::new(
                Code::NoContent,
                title_span,
                "no endpoint, table, SQL, error code, metric or alert was found",
            )
            .with_help("check that tables have recognizable headers (see `specforge extract` and the README's table roles)"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_from_titles() {
        for (title, service) in [
            (
                "Ledger Service - Technical Specification",
                Some("Ledger Service"),
            ),
            (
                "Booking Service Technical Specification",
                Some("Booking Service"),
            ),
            ("Payouts Technical Specification", Some("Payouts")),
            (
                "Notification Router — Alerting Specification",
                Some("Notification Router"),
            ),
            (
                "Object Store Gateway - Monitoring",
                Some("Object Store Gateway"),
            ),
            ("Technical Specification", None),
            ("仕様書", Some("仕様書")),
        ] {
            assert_eq!(service_from_title(title).as_deref(), service, "{title}");
        }
    }

    #[test]
    fn statuses() {
        assert_eq!(classify_status("Approved"), StatusKind::Approved);
        assert_eq!(classify_status("APPROVED ✅"), StatusKind::Approved);
        assert_eq!(classify_status("Implemented"), StatusKind::Approved);
        assert_eq!(classify_status("Draft"), StatusKind::Draft);
        assert_eq!(classify_status("In Review"), StatusKind::InReview);
        assert_eq!(
            classify_status("[Draft / Review / Approved]"),
            StatusKind::Unfilled
        );
        assert_eq!(
            classify_status("DRAFT | IN_REVIEW | APPROVED | IMPLEMENTED"),
            StatusKind::Unfilled
        );
        assert_eq!(
            classify_status("{Draft|Under Review|Approved|Deprecated}"),
            StatusKind::Unfilled
        );
        assert_eq!(classify_status("Not approved"), StatusKind::Other);
        assert_eq!(classify_status("In Progress"), StatusKind::Other);
        assert_eq!(classify_status("Deprecated"), StatusKind::Retired);
    }
}
