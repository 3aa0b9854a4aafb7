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
                        + " <a href=\"/audit\">Audit log</a>"
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
                body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem;line-height:1.4}
                nav{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;border-bottom:1px solid #ccc;padding-bottom:.5rem}
                table{border-collapse:collapse;width:100%%}th,td{text-align:left;padding:.3rem;border-bottom:1px solid #ddd;vertical-align:top}
                .tw{overflow-x:auto}code,.mono{font-family:ui-monospace,monospace;word-break:break-all}
                label{display:block;margin-top:.6rem;font-weight:600}input,select{max-width:100%%;padding:.3rem}
                fieldset{margin-top:1rem}.inline{display:inline}.error{color:#a00}.ok{color:#070}
                .problem{border-left:4px solid #a00;padding:.3rem .6rem;margin:.4rem 0;background:#fff4f4}
                .notice{border-left:4px solid #a60;padding:.3rem .6rem;background:#fffbe8}
                ul.tree,ul.tree ul{list-style:none;padding-left:1.2rem}
                ul.tree li{margin:.3rem 0;padding-left:.5rem;border-left:2px solid #bbb}
                button,.button{display:inline-block;margin-top:.8rem;padding:.4rem .9rem;font:inherit}
                .button{border:1px solid #777;border-radius:3px;background:#f3f3f3;color:#000;text-decoration:none}
                .actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}.actions form{display:inline}
                dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
                dl.fields dt{font-weight:600}dl.fields dd{margin:0;overflow-wrap:anywhere}
                label.check{display:inline;font-weight:normal;margin:0}.choice{margin:.3rem 0}
                .badge{display:inline-block;padding:0 .4rem;border-radius:3px;background:#eee;font-size:.9em}
                .badge.ok{background:#e3f5e3}.badge.error{background:#fbe3e3}
                .hint{color:#555;font-size:.9em;margin:.2rem 0}
                pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:.5rem}
                main{overflow-wrap:anywhere}nav button{margin-top:0}
                @media (max-width:600px){dl.fields{grid-template-columns:1fr}dl.fields dd{margin-bottom:.4rem}
                th,td{padding:.25rem .2rem;font-size:.92em}body{padding:.6rem}
                table.cards thead{position:absolute;left:-10000px}
                table.cards,table.cards tbody,table.cards tr,table.cards td,table.cards tbody th{display:block}
                table.cards tr{border:1px solid #ccc;border-radius:4px;margin:.5rem 0;padding:.3rem .4rem}
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
