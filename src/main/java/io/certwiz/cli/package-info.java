/** The command line (picocli): one thin command per operation over the services, text and JSON output, bounded input and safe output files. */
package io.certwiz.cli;
