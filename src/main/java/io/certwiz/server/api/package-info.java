/** The REST API (JSON, problem+json errors, OpenAPI document) over the services. */
package io.certwiz.server.api;
