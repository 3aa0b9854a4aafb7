/** The certificates held in the personal, root and intermediate stores: records, views, export, {@code verify}. */
package io.certwiz.certificate;
