/** The server's usages, its identity (the names each usage needs), and which certificate each usage has. */
package io.certwiz.usage;
