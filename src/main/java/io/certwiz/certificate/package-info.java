/** The certificates held in the personal, root and intermediate stores: import, export, show, list, remove. */
package io.certwiz.certificate;
