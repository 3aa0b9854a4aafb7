/** The server's usages, the checks before an assignment, assignment itself, and the credentials the listeners present. */
package io.certwiz.usage;
