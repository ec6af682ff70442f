package io.akosha.sync.upload;

/**
 * What the pipeline needs to resume an object: how its input is cut and compressed ({@link Cutting#identity()}:
 * parts of an earlier attempt are reused only when it is unchanged), the size of the input, and where progress is
 * remembered.
 */
public record Resumable(String cutting, long inputSize, ProgressLog log) {
}
