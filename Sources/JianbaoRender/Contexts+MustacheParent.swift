import Mustache

// Templates look names up through `MustacheParent` instead of reflection: swift-mustache otherwise
// builds a `Mirror` for every name on every page, which was half of the rendering time of a large
// archive. Each case is the field of the same name; `ContextLookupTests` walks the contexts of the
// example archive and fails when a field cannot be reached here, so keep the two in step.

extension SiteContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "baseURL": self.baseURL
        case "language": self.language
        default: nil
        }
    }
}

extension NavItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": self.url
        default: nil
        }
    }
}

extension EntryContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "url": self.url
        case "label": self.label
        case "headline": self.headline
        case "dateText": self.dateText
        case "dateISO": self.dateISO
        case "isDraft": self.isDraft
        case "isOfficial": self.isOfficial
        default: nil
        }
    }
}

extension SeriesSummaryContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": self.url
        case "kindLabel": self.kindLabel
        case "description": self.description
        case "count": self.count
        case "feedURL": self.feedURL
        case "jsonFeedURL": self.jsonFeedURL
        case "recent": self.recent
        default: nil
        }
    }
}

extension SeriesPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "office": self.office
        case "kindLabel": self.kindLabel
        case "url": self.url
        case "feedURL": self.feedURL
        case "jsonFeedURL": self.jsonFeedURL
        case "count": self.count
        default: nil
        }
    }
}

extension YearContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "year": self.year
        case "entries": self.entries
        default: nil
        }
    }
}

extension SeriesLinkContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": self.url
        case "feedURL": self.feedURL
        case "jsonFeedURL": self.jsonFeedURL
        default: nil
        }
    }
}

extension TitleAnchor: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "anchor": self.anchor
        default: nil
        }
    }
}

extension ContentsContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "column": self.column
        case "items": self.items
        default: nil
        }
    }
}

extension ArticleContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "titleLines": self.titleLines
        case "anchor": self.anchor
        case "html": self.html
        default: nil
        }
    }
}

extension LabelText: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "text": self.text
        default: nil
        }
    }
}

extension TrailerContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "distribution": self.distribution
        case "editors": self.editors
        case "copiesText": self.copiesText
        default: nil
        }
    }
}

extension IssueContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "marking": self.marking
        case "mastheadLead": self.mastheadLead
        case "mastheadTitle": self.mastheadTitle
        case "mastheadLeadFit": self.mastheadLeadFit
        case "mastheadTitleFit": self.mastheadTitleFit
        case "numberText": self.numberText
        case "totalText": self.totalText
        case "specialLabel": self.specialLabel
        case "office": self.office
        case "dateText": self.dateText
        case "dateISO": self.dateISO
        case "isDraft": self.isDraft
        case "noteHTML": self.noteHTML
        case "leadHTML": self.leadHTML
        case "contents": self.contents
        case "articles": self.articles
        case "trailer": self.trailer
        default: nil
        }
    }
}

extension AttachmentItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": self.number
        case "title": self.title
        default: nil
        }
    }
}

extension AttachmentNoteContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "single": self.single
        case "items": self.items
        default: nil
        }
    }
}

extension AttachmentContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "title": self.title
        case "titleLines": self.titleLines
        case "anchor": self.anchor
        case "html": self.html
        default: nil
        }
    }
}

extension ImprintContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cc": self.cc
        case "printedBy": self.printedBy
        case "printedOnText": self.printedOnText
        default: nil
        }
    }
}

extension OfficialContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": self.kind
        case "kindLabel": self.kindLabel
        case "marking": self.marking
        case "isDraft": self.isDraft
        case "issuer": self.issuer
        case "issuerNames": self.issuerNames
        case "issuerSuffix": self.issuerSuffix
        case "issuerFit": self.issuerFit
        case "titleLines": self.titleLines
        case "docNumber": self.docNumber
        case "title": self.title
        case "addressees": self.addressees
        case "leadHTML": self.leadHTML
        case "attachmentNote": self.attachmentNote
        case "attachmentNoteAfterParts": self.attachmentNoteAfterParts
        case "signedBy": self.signedBy
        case "dateText": self.dateText
        case "dateISO": self.dateISO
        case "parts": self.parts
        case "attachments": self.attachments
        case "imprint": self.imprint
        case "trailer": self.trailer
        default: nil
        }
    }
}

extension FeedEntryContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "url": self.url
        case "id": self.id
        case "updated": self.updated
        case "summary": self.summary
        default: nil
        }
    }
}

extension FeedContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "siteTitle": self.siteTitle
        case "seriesURL": self.seriesURL
        case "feedURL": self.feedURL
        case "updated": self.updated
        case "entries": self.entries
        default: nil
        }
    }
}

extension SitemapURL: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "loc": self.loc
        case "lastmod": self.lastmod
        default: nil
        }
    }
}

// The web archive's contexts (WebArchive.swift).

extension PageMeta: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "description": self.description
        case "type": self.type
        case "noindex": self.noindex
        default: nil
        }
    }
}

extension YearLinkContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "year": self.year
        case "count": self.count
        case "url": self.url
        case "isCurrent": self.isCurrent
        default: nil
        }
    }
}

extension YearPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "year": self.year
        case "count": self.count
        case "entries": self.entries
        default: nil
        }
    }
}

extension SearchPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "version": self.version
        case "shards": self.shards
        case "documents": self.documents
        default: nil
        }
    }
}

// Strings and numbers answer swift-mustache's casts at the first try. A section over a value that
// is not a list or a Bool (`{{#issue.marking}}…{{/issue.marking}}`) pushes the value onto the context
// stack, and every name looked up inside it is first asked of it: for a value that is not a
// `MustacheParent` the library builds a `Mirror`. And a value printed by `{{name}}` goes through
// failed casts (template, custom renderable, lambda, optional) before `String(describing:)`. Both were
// about a tenth of the rendering time; the answers are the ones the slow paths gave: no fields, and
// the text itself.

extension String: @retroactive MustacheParent, @retroactive MustacheCustomRenderable {
    public func child(named name: String) -> Any? { nil }
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheParent, @retroactive MustacheCustomRenderable {
    public func child(named name: String) -> Any? { nil }
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
