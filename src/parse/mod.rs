//! Parsers: text in, model out. They never fail and every item they produce has a byte span.

pub mod biblatex;
pub mod bibliography;
pub mod citation;
pub mod csl_date;
pub mod manuscript;
pub mod note_citation;
pub mod prose_date;
pub mod quotation;
pub mod yaml;
