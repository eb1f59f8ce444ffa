package io.quarkiverse.gcache.test.invalidate;

import io.quarkiverse.gcache.GCacheKeyAdapter;

/** Names a member by its id, as a cached method keyed by a {@code Member} would. */
public class MemberKey implements GCacheKeyAdapter<Member> {

    @Override
    public String adapt(Member value) {
        return value.getId();
    }
}
