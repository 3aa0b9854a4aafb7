/**
 * The administrator's inventory of held certificates: import into the stores (an offline request's reply
 * completes the request), show, list and remove.
 */
package io.certwiz.inventory;
