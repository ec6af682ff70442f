package io.akosha.sync.snapshot;

/** A file of the data directory that the snapshot must not take (it leads out of the data directory, or is not a file). */
final class FileRefusedException extends Exception {

    FileRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
