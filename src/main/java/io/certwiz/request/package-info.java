/** Certificate requests, online to a CA or offline to a file: the request specification, subject and SAN planning from the server identity, CSRs, pending requests. */
package io.certwiz.request;
