package io.akosha.sync.upload;

/**
 * What a destination needs to resume an object: how its input is cut and compressed (parts of an earlier attempt
 * are reused only when that is unchanged), the size of the input, and where progress is remembered.
 */
public record Resumable(String cutting, long inputSize, ProgressLog log) {
}
