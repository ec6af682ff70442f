package io.akosha.sync.cloud;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SDK's default chain finds STS by class name (web identity for IRSA, {@code role_arn} in profiles) and
 * instantiates it reflectively; the native image must keep those factories and their constructors.
 */
@RegisterForReflection(classNames = {
    "software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory",
    "software.amazon.awssdk.services.sts.internal.StsProfileCredentialsProviderFactory"})
final class StsReflection {

    private StsReflection() {
    }
}
