"""Cross-document state: the metadata of every document, kept in a Domain so that parallel and
incremental builds stay right."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from accord.vocabulary import KINDS, LANDING_PAGE

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from accord.checks.context import Context
    from accord.corpus import Bibliography, Document


def plain(value: Any) -> Any:
    """Front-matter data with dates as ISO strings, safe to pickle and to compare."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record(doc: Document) -> dict[str, Any]:
    meta = plain(doc.meta)
    if ("version",) in doc.front.raw:
        meta["version"] = doc.front.raw[("version",)]  # as written: YAML would read 1.10 as 1.1
    return {
        "id": doc.id,
        "path": doc.path,
        "kind": doc.kind,
        "meta": meta,
        "superseded_by_at": list(doc.where("superseded_by")),
    }


class AccordDomain(Domain):
    name = "accord"
    label = "Accord documents"
    initial_data: ClassVar[dict[str, Any]] = {
        "documents": {},  # docname -> record
        "indexes": set(),  # docnames that hold an index directive
        "signature": "",  # digest of what the index pages show
        "navigation": None,  # digest of the document titles, which every page's navigation shows
        # Policy options and endorsements (accord.sphinxext.options, .endorsements):
        "options": {},  # docname -> the options it sets out
        "option_maps": set(),  # docnames that hold a {policy-options-map}
        "endorsements": {},  # docname -> its endorsements
        "consultation": {},  # docname -> the record of its consultation (accord.sphinxext.consultation)
        "data_files": {},  # docname -> {data file: digest when the document was read}
        # Numbered paragraphs and crosswalks (accord.sphinxext.paragraphs, .crosswalk):
        "numbering": {},  # docname -> {"paragraphs": count, "principles": {number: heading}}
        "para_refs": {},  # docname -> ids of the documents its {para} references name
        "crosswalks": {},  # docname -> a statement's crosswalk (accord.crosswalk.Crosswalk.as_data)
        "crosswalk_pages": set(),  # docnames that show every crosswalk
        "crosswalk_signature": "",  # digest of what the crosswalk pages show
        # Withheld documents (accord.sphinxext.withheld): docname -> its path, codes and labels
        "withheld": {},
    }
    #: Keys of ``data`` that map a docname to what that document contributes.
    PER_DOCUMENT: ClassVar[tuple[str, ...]] = (
        "options",
        "endorsements",
        "consultation",
        "data_files",
        "numbering",
        "para_refs",
        "crosswalks",
        "withheld",
    )
    #: The check context and the bibliography of the current build; transient, never in data.
    context: Context | None = None
    bibliography: Bibliography | None = None

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        return self.data["documents"]

    def note_document(self, docname: str, entry: dict[str, Any]) -> None:
        self.documents[docname] = entry

    def note_index(self, docname: str) -> None:
        self.data["indexes"].add(docname)

    def note_numbering(self, docname: str, paragraphs: int, principles: dict[int, str]) -> None:
        self.per_document("numbering")[docname] = {"paragraphs": paragraphs, "principles": principles}

    def note_para_reference(self, docname: str, doc_id: str) -> None:
        self.per_document("para_refs").setdefault(docname, set()).add(doc_id)

    def note_crosswalk(self, docname: str, crosswalk: dict[str, Any]) -> None:
        self.per_document("crosswalks")[docname] = crosswalk

    def note_crosswalk_page(self, docname: str) -> None:
        self.data.setdefault("crosswalk_pages", set()).add(docname)

    def docname_of(self, doc_id: str) -> str | None:
        for docname, entry in self.documents.items():
            if entry["id"] == doc_id:
                return docname
        return None

    def index_signature(self) -> str:
        shown = sorted((docname, entry["meta"]) for docname, entry in self.documents.items())
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()

    def per_document(self, key: str) -> dict[str, Any]:
        # setdefault: an environment pickled before the key existed lacks it.
        return self.data.setdefault(key, {})

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)
        self.data["indexes"].discard(docname)
        for key in self.PER_DOCUMENT:
            self.per_document(key).pop(docname, None)
        self.data.setdefault("option_maps", set()).discard(docname)
        self.data.setdefault("crosswalk_pages", set()).discard(docname)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]
            if docname in otherdata["indexes"]:
                self.data["indexes"].add(docname)
            for key in self.PER_DOCUMENT:
                if docname in otherdata.get(key, {}):
                    self.per_document(key)[docname] = otherdata[key][docname]
            if docname in otherdata.get("option_maps", ()):
                self.data.setdefault("option_maps", set()).add(docname)
            if docname in otherdata.get("crosswalk_pages", ()):
                self.data.setdefault("crosswalk_pages", set()).add(docname)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """``accord:doc`` references name a document by id, whichever folder it is in;
        ``accord:para`` references a numbered paragraph or principle (accord.sphinxext.paragraphs)."""
        if typ == "para":
            from accord.sphinxext.paragraphs import resolve

            return resolve(self, builder, fromdocname, target, node, contnode)
        docname = self.docname_of(target)
        if typ != "doc" or docname is None:
            return None
        title = str(self.documents[docname]["meta"].get("title", target))
        if not node.get("refexplicit"):
            contnode = nodes.inline("", title)
        return make_refnode(builder, fromdocname, docname, None, contnode, title)

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


def get_domain(env: BuildEnvironment) -> AccordDomain:
    return env.get_domain("accord")  # type: ignore[return-value]


def is_document(docname: str) -> bool:
    """Documents are the pages directly inside positions/ and principles/."""
    kind, _, rest = docname.partition("/")
    return kind in KINDS and bool(rest) and "/" not in rest and rest != LANDING_PAGE


def setup_domain(app: Sphinx) -> None:
    app.add_domain(AccordDomain)
