//! The JSON API: `POST /api/validate` (the findings `dm validate --format json` prints, through
//! the same function, [`crate::run::validate_json`]), `GET /api/schemas` (every schema and its
//! keys, for the explorer's search) and `GET /api/schemas/{name}` (what `dm explain NAME` says,
//! as data, on a device when the query names one).

use apple_device_management::runtime::validate::Rule;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::header::CONTENT_LENGTH;
use axum::http::Request;
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use super::request::{self, DeviceIn, ValidateRequest, MAX_BODY_BYTES};
use crate::explain;
use crate::run;

/// The body, within [`MAX_BODY_BYTES`].
async fn body(req: Request<Body>) -> Result<axum::body::Bytes, ApiError> {
    let too_large = || ApiError::TooLarge { what: "the request".into(), limit: MAX_BODY_BYTES };
    let declared = req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await.map_err(|e| {
        if std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>()) {
            too_large()
        } else {
            ApiError::BadRequest(format!("cannot read the body: {e}"))
        }
    })
}

/// What each rule found checks (`dm rules`), for the rules in `files`' findings.
fn rule_descriptions(files: &[Value]) -> Value {
    let mut out = serde_json::Map::new();
    let findings = files.iter().filter_map(|f| f["findings"].as_array()).flatten();
    for name in findings.filter_map(|f| f["rule"].as_str()) {
        if let Some(rule) = Rule::from_name(name) {
            out.entry(name.to_string()).or_insert_with(|| rule.description().into());
        }
    }
    Value::Object(out)
}

/// The explorer's name for each schema a report names (`Configuration`, a profile's
/// `PayloadType`, is the `TopLevel` schema); a schema the explorer does not know is left out.
fn explorer_names(files: &[Value]) -> Value {
    let mut out = serde_json::Map::new();
    for f in files {
        let Some(schema) = f["schema"].as_str() else { continue };
        let name = if !explain::find_schemas(schema).is_empty() {
            Some(schema)
        } else if f["kind"] == "profile" && !explain::find_schemas("TopLevel").is_empty() {
            Some("TopLevel")
        } else {
            None
        };
        if let Some(n) = name {
            out.insert(schema.to_string(), n.into());
        }
    }
    Value::Object(out)
}

/// `POST /api/validate`: `{"files": [one object per file, as `dm validate --format json`
/// prints it], "summary": {…}, "exit_code": n, "rules": {rule: description}, "explorer":
/// {schema: the explorer's name for it}}`.
pub async fn validate(req: Request<Body>) -> Result<Json<Value>, ApiError> {
    let bytes = body(req).await?;
    let prepared = ValidateRequest::parse(&bytes)?.prepare()?;
    // Validation is CPU work: off the threads that serve connections.
    let report = tokio::task::spawn_blocking(move || {
        // One policy per file (no folder, so no `dm.toml`: the request's levels for each).
        let policies = vec![prepared.policy; prepared.loaded.len()];
        run::validate_json(prepared.loaded, &prepared.options, &policies)
    })
    .await
    .map_err(|_| ApiError::Internal)?;
    let rules = rule_descriptions(&report.files);
    let explorer = explorer_names(&report.files);
    Ok(Json(json!({ "files": report.files, "summary": report.summary, "exit_code": report.exit_code, "rules": rules, "explorer": explorer })))
}

/// `GET /api/schemas`: `{"schemas": [{name, category, wire_id, source, title, rust_type, keys}]}`.
pub async fn schemas() -> Json<Value> {
    Json(json!({ "schemas": explain::data::all() }))
}

/// `GET /api/schemas/{name}` (`?os=iOS:17&supervised=true&enrollment=user&channel=device&shared_ipad=true`):
/// `{"targets": […]}`, one per schema or key the name names (as `dm explain NAME`).
pub async fn schema(Path(name): Path<String>, query: Result<Query<DeviceIn>, QueryRejection>) -> Result<Json<Value>, ApiError> {
    let Query(device) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let context = request::device(&device)?;
    let targets = explain::find(&name)?;
    let out: Vec<Value> = targets.iter().map(|t| explain::data::target(t, context.as_ref())).collect();
    Ok(Json(json!({ "targets": out })))
}
