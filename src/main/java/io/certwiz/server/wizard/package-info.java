/** The web wizard: server-rendered pages for requests, status, assignment, import, pending requests and the audit log. */
package io.certwiz.server.wizard;
