package io.akosha.sync.hook;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one mapper of the hook commands: the tree model only, so no class of ours is bound by reflection. */
final class HookJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private HookJson() {
    }
}
