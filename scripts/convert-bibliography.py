#!/usr/bin/env python3
"""Converts a CSL-YAML bibliography into CSL-JSON and BibLaTeX, as Zotero would export them.

    scripts/convert-bibliography.py bibliography/korean-war.yaml tests/fixtures/korean-war

writes korean-war.json (CSL-JSON: a list of items), korean-war.bib (BibLaTeX) and
korean-war-people.yaml (the `people:` and `events:` that neither format can hold, which
cite-lint reads beside them). The tests check that cite-lint finds the same citations and the
same problems with each. Needs PyYAML.
"""
import datetime
import json
import sys

import yaml


def date_parts(value):
    """A CSL date (date-parts, ISO string or year) as a list of [y, m, d] lists."""
    if isinstance(value, dict):
        return value.get("date-parts")
    if isinstance(value, datetime.date):
        return [[value.year, value.month, value.day]]
    if isinstance(value, int):
        return [[value]]
    out = []
    for part in str(value).split("/"):
        out.append([int(x) for x in part.split("-")])
    return out


def csl_json(item):
    item = dict(item)
    item.pop("quotes", None)
    for field in ("issued", "original-date"):
        if field in item:
            parts = date_parts(item[field])
            extra = {k: v for k, v in item[field].items() if k != "date-parts"} if isinstance(item[field], dict) else {}
            item[field] = {"date-parts": parts, **extra}
    for field in ("volume", "number-of-pages"):
        if isinstance(item.get(field), int):
            item[field] = str(item[field])
    return item


def tex(value):
    return str(value).replace("&", r"\&").replace("%", r"\%")


def names(list_):
    out = []
    for n in list_:
        if "literal" in n:
            out.append("{" + tex(n["literal"]) + "}")
        else:
            out.append(tex(n.get("family", "")) + (", " + tex(n["given"]) if "given" in n else ""))
    return " and ".join(out)


def iso(parts):
    return "/".join("-".join(f"{x:02d}" if i else str(x) for i, x in enumerate(p)) for p in parts)


TYPES = {
    "book": "book",
    "chapter": "incollection",
    "article-journal": "article",
    "personal_communication": "letter",
    "document": "misc",
    "interview": "misc",
}


def biblatex(item):
    kind = TYPES.get(item.get("type"), "misc")
    fields = []

    def put(name, value):
        if value is not None and value != "":
            fields.append((name, value))

    put("author", names(item.get("author", [])) or None)
    put("recipient", names(item.get("recipient", [])) or None)
    put("title", tex(item["title"]) if "title" in item else None)
    container = "booktitle" if kind == "incollection" else "journaltitle"
    put(container, tex(item["container-title"]) if "container-title" in item else None)
    put("shortjournal", tex(item["container-title-short"]) if "container-title-short" in item else None)
    genre = item.get("genre") or ("Interview" if item.get("type") == "interview" else None)
    put("type", genre)
    put("volume", item.get("volume"))
    if kind == "article":
        put("number", item.get("issue"))
    else:
        put("issue", item.get("issue"))
        put("number", item.get("number"))
    put("pages", item.get("page"))
    put("pagetotal", item.get("number-of-pages"))
    put("publisher", tex(item["publisher"]) if "publisher" in item else None)
    put("location", tex(item["publisher-place"]) if "publisher-place" in item else None)
    if "issued" in item:
        put("date", iso(date_parts(item["issued"])))
    put("note", tex(item["note"]) if "note" in item else None)
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{item['id']},\n{body},\n}}\n"


def main(source, stem):
    with open(source, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    refs = data["references"]
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump([csl_json(r) for r in refs], f, ensure_ascii=False, indent=2, default=str)
        f.write("\n")
    with open(stem + ".bib", "w", encoding="utf-8") as f:
        f.write(f"% Converted from {source} by scripts/convert-bibliography.py\n\n")
        f.write("\n".join(biblatex(r) for r in refs))
    side = {k: data[k] for k in ("people", "events") if k in data}
    for event in side.get("events", []):
        if isinstance(event.get("date"), datetime.date):
            event["date"] = event["date"].isoformat()
    with open(stem + "-people.yaml", "w", encoding="utf-8") as f:
        f.write(f"# The people and events of {source}, which CSL-JSON and BibLaTeX cannot hold.\n")
        yaml.safe_dump(side, f, allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
