package io.akosha.sync.sync;

/** A sync changed status (a CDI event, fired after the change is recorded). */
public record SyncTransition(SyncRecord before, SyncRecord after) {
}
