package io.certwiz.server.wizard;

/** Server-rendered HTML: escaping and the page frame every wizard page shares. */
final class Html {
    private Html() {}

    /** Escapes text for an HTML element or a quoted attribute. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A hidden form field carrying the session's CSRF token. */
    static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">";
    }

    /** Encodes a value for a URL query or path segment. */
    static String url(Object value) {
        return value == null
                ? ""
                : java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A definition list of label/value pairs; values are escaped unless wrapped with {@link #raw}. */
    static String fields(Object... labelsAndValues) {
        StringBuilder out = new StringBuilder("<dl class=\"fields\">");
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            out.append("<dt>")
                    .append(esc(labelsAndValues[i]))
                    .append("</dt><dd>")
                    .append(html(labelsAndValues[i + 1]))
                    .append("</dd>");
        }
        return out.append("</dl>").toString();
    }

    /** Markup that is already safe, passed through {@link #fields} without escaping. */
    record Raw(String html) {}

    static Raw raw(String html) {
        return new Raw(html);
    }

    private static String html(Object value) {
        return value instanceof Raw raw ? raw.html() : esc(value);
    }

    /** One table cell: its markup (already escaped) and an optional class. */
    record Cell(String cssClass, String html) {}

    static Cell cell(String html) {
        return new Cell(null, html);
    }

    static Cell cell(String cssClass, String html) {
        return new Cell(cssClass, html);
    }

    /** One table row; its first cell is the row's header. */
    record Row(String id, java.util.List<Cell> cells) {}

    /**
     * A table that scrolls sideways when it must, and on a narrow screen turns each row into a card
     * whose cells are labelled with their column's header.
     */
    static String table(String id, java.util.List<String> headers, java.util.List<Row> rows) {
        StringBuilder out = new StringBuilder("<div class=\"tw\"><table class=\"cards\" id=\"")
                .append(esc(id))
                .append("\"><thead><tr>");
        for (String header : headers) {
            out.append("<th scope=\"col\">").append(esc(header)).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Row row : rows) {
            out.append(row.id() == null ? "<tr>" : "<tr id=\"" + esc(row.id()) + "\">");
            for (int i = 0; i < row.cells().size(); i++) {
                Cell cell = row.cells().get(i);
                String tag = i == 0 ? "th" : "td";
                out.append('<')
                        .append(tag)
                        .append(i == 0 ? " scope=\"row\"" : "")
                        .append(cell.cssClass() == null ? "" : " class=\"" + esc(cell.cssClass()) + "\"")
                        .append(i == 0 || i >= headers.size() ? "" : " data-label=\"" + esc(headers.get(i)) + "\"")
                        .append('>')
                        .append(cell.html())
                        .append("</")
                        .append(tag)
                        .append('>');
            }
            out.append("</tr>");
        }
        return out.append("</tbody></table></div>").toString();
    }

    /** A link styled as a button. */
    static String button(String href, String text) {
        return "<a class=\"button\" href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    static String link(String href, String text) {
        return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    /** A small label whose colour follows the status: good, bad or neutral. */
    static String badge(String text, Boolean good) {
        String kind = good == null ? "" : good ? " ok" : " error";
        return "<span class=\"badge" + kind + "\">" + esc(text) + "</span>";
    }

    /** A labelled text input. */
    static String input(String id, String name, String type, String label, String value, String attributes) {
        return "<label for=\"" + esc(id) + "\">" + esc(label) + "</label><input id=\"" + esc(id) + "\" name=\""
                + esc(name) + "\" type=\"" + esc(type) + "\" value=\"" + esc(value) + "\""
                + (attributes == null || attributes.isEmpty() ? "" : " " + attributes) + ">";
    }

    /** A check box (or radio button) with its label after it, on one line. */
    static String check(String type, String id, String name, String value, boolean checked, String labelHtml) {
        return "<div class=\"choice\"><input type=\"" + esc(type) + "\" id=\"" + esc(id) + "\" name=\"" + esc(name)
                + "\" value=\"" + esc(value) + "\"" + (checked ? " checked" : "") + "> <label class=\"check\" for=\""
                + esc(id) + "\">" + labelHtml + "</label></div>";
    }

    /** A hidden form field. */
    static String hidden(String name, Object value) {
        return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
    }

    static String page(String title, String body, boolean loggedIn, String csrfToken) {
        return page(title, "", body, loggedIn, csrfToken);
    }

    /** A page with {@code head} (markup, already safe) added to its head. */
    static String page(String title, String head, String body, boolean loggedIn, String csrfToken) {
        String nav = loggedIn
                ? "<nav aria-label=\"Main\"><a href=\"/\">Certificate Wizard</a> <a href=\"/request\">Request</a>"
                        + " <a href=\"/import\">Import</a> <a href=\"/assign\">Assign</a>"
                        + " <a href=\"/certificates\">Certificates</a> <a href=\"/requests\">Pending requests</a>"
                        + " <a href=\"/alerts\">Alerts</a> <a href=\"/audit\">Audit log</a>"
                        + "<form method=\"post\" action=\"/logout\" class=\"inline\">" + csrfField(csrfToken)
                        + "<button type=\"submit\">Log out</button></form></nav>"
                : "";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s - certwiz</title>
                %s
                <style>
                :root{--fg:#1d2330;--muted:#5a6372;--line:#d8dde5;--bg:#f6f7f9;--ok:#1b7a3a;--okbg:#e3f3e8;--bad:#a4161a;--badbg:#fbe4e4;--warn:#8a5a00;--warnbg:#fff4d6;--accent:#1f4e8c}
                *{box-sizing:border-box}
                body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg);line-height:1.45}
                nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:center;background:#17243a;padding:.55rem max(1rem,calc((100%% - 72rem)/2))}
                nav a{color:#e8eef8;text-decoration:none;font-weight:500}nav a:first-child{font-weight:700;margin-right:.5rem}
                nav a:hover{text-decoration:underline}nav form{margin-left:auto}nav button{margin:0;background:#2d3d5a;color:#fff;border-color:#4a5b78}
                main{max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}
                h1{font-size:1.5rem;margin:.6rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
                a{color:var(--accent)}
                table{border-collapse:collapse;width:100%%;background:#fff;border:1px solid var(--line)}
                th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
                thead th{background:#eef1f5;font-size:.85rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
                .tw{overflow-x:auto}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;overflow-wrap:anywhere}
                td.state,.nowrap,.badge{white-space:nowrap}
                label{display:block;margin-top:.6rem;font-weight:600}input,select{max-width:100%%;padding:.35rem;border:1px solid #b9c1cc;border-radius:3px;font:inherit}
                fieldset{margin-top:1rem;border:1px solid var(--line);background:#fff;border-radius:4px}.inline{display:inline}
                .error{color:var(--bad)}.ok{color:var(--ok)}
                .problem{border-left:4px solid var(--bad);padding:.3rem .6rem;margin:.4rem 0;background:var(--badbg)}
                .notice{border-left:4px solid var(--warn);padding:.3rem .6rem;background:var(--warnbg)}
                .banner{border:1px solid;border-left-width:6px;border-radius:4px;padding:.5rem .8rem;margin:.4rem 0 1rem}
                .banner.warning{border-color:#e0b24a;background:var(--warnbg)}.banner.critical{border-color:#d56a6a;background:var(--badbg)}
                .banner ul{margin:.3rem 0;padding-left:1.2rem}
                ul.tree,ul.tree ul{list-style:none;padding-left:1.2rem}
                ul.tree li{margin:.3rem 0;padding-left:.5rem;border-left:2px solid #bbb}
                button,.button{display:inline-block;margin-top:.8rem;padding:.4rem .9rem;font:inherit;border:1px solid #8893a3;border-radius:4px;background:#fff;color:var(--fg);cursor:pointer}
                .button{text-decoration:none}button[type=submit]{background:var(--accent);color:#fff;border-color:var(--accent)}
                .actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}.actions form{display:inline}
                dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
                dl.fields dt{font-weight:600}dl.fields dd{margin:0;overflow-wrap:anywhere}
                label.check{display:inline;font-weight:normal;margin:0}.choice{margin:.3rem 0}.indent{margin-left:1.6rem}
                .badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;background:#e9ecf1;font-size:.85em;font-weight:600}
                .badge.ok{background:var(--okbg);color:var(--ok)}.badge.error{background:var(--badbg);color:var(--bad)}
                .hint{color:var(--muted);font-size:.9em;margin:.2rem 0}
                pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid var(--line);padding:.5rem}
                .timeline-wrap{background:#fff;border:1px solid var(--line);border-radius:4px;padding:.4rem;overflow-x:auto}
                svg.timeline{width:100%%;min-width:40rem;height:auto;font-family:system-ui,sans-serif;font-size:12px}
                svg .tick{stroke:#edf0f4}svg .axis{fill:var(--muted)}svg .label{fill:var(--fg)}svg .date{fill:var(--muted);font-size:11px}
                svg .span{fill:#7fb38f}svg .window{fill:#3f7fbf;opacity:.55}svg .warning .span{fill:#e2b13c}svg .critical .span,svg .expired .span{fill:#d05050}
                svg .more{fill:var(--muted)}svg .today line{stroke:#c0262d;stroke-width:2}svg .today text{fill:#c0262d;font-weight:600}
                svg .roll line{stroke:#5a3fa0;stroke-width:2;stroke-dasharray:5 3}svg .roll text{fill:#5a3fa0;font-weight:600}
                .legend .key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-left:.6em}
                .key.ok{background:#7fb38f}.key.window{background:#3f7fbf;opacity:.55}.key.warning{background:#e2b13c}.key.critical{background:#d05050}
                .key.today{background:#c0262d;width:.25em}.key.roll{background:#5a3fa0;width:.25em}
                @media (max-width:600px){dl.fields{grid-template-columns:1fr}dl.fields dd{margin-bottom:.4rem}
                th,td{padding:.25rem .2rem;font-size:.92em}main{padding:.6rem}
                table.cards thead{position:absolute;left:-10000px}
                table.cards,table.cards tbody,table.cards tr,table.cards td,table.cards tbody th{display:block}
                table.cards tr{border:1px solid var(--line);border-radius:4px;margin:.5rem 0;padding:.3rem .4rem;background:#fff}
                table.cards td,table.cards tbody th{border:0;padding:.1rem 0}
                table.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600;font-family:system-ui,sans-serif}}
                </style>
                </head>
                <body>
                %s
                <main>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), head, nav, esc(title), body);
    }
}
