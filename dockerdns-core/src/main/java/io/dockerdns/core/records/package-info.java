/**
 * Names that are no container's: records given by hand and hosts files, read and followed into the
 * registry's snapshot, where the resolver answers them under the same rules as containers.
 */
package io.dockerdns.core.records;
