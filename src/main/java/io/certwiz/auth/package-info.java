/** The administrator's token: issue, reset, verify. */
package io.certwiz.auth;
