/** The audit log: every change and every failed login, written in the change's own transaction. */
package io.certwiz.audit;
