package io.quarkiverse.gcache.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The invalidation message in both forms: {@code <keyType>:<id>} (every GCache, Python's included) and
 * {@code <keyType>+<ms left>:<id>} (an invalidation whose future buffer is running).
 */
class InvalidationMessageTest {

    private final List<String> heard = new ArrayList<>();
    private final InvalidationSubscriber.Listener listener = new InvalidationSubscriber.Listener() {
        @Override
        public void invalidated(String keyType, String id, long futureBufferMillis) {
            heard.add(keyType + "|" + id + "|" + futureBufferMillis);
        }

        @Override
        public void subscribed() {
        }

        @Override
        public void lost() {
        }
    };

    @Test
    void bothFormsRoundTrip() {
        InvalidationSubscriber.deliver(InvalidationSubscriber.message("user_id", "a:b+c", 0), listener);
        InvalidationSubscriber.deliver(InvalidationSubscriber.message("user_id", "a:b+c", 2000), listener);
        assertThat(InvalidationSubscriber.message("user_id", "42", 2000)).isEqualTo("user_id+2000:42");
        assertThat(heard).containsExactly("user_id|a:b+c|0", "user_id|a:b+c|2000");
    }

    @Test
    void theOldFormIsReadAsBefore() {
        InvalidationSubscriber.deliver("user_id:42", listener);
        InvalidationSubscriber.deliver("user_id:", listener);
        assertThat(heard).containsExactly("user_id|42|0", "user_id||0");
    }

    @Test
    void oddMessagesAreIgnored() {
        for (String odd : new String[] { "", "user_id", ":42", "+5:42", "user_id+:42", "user_id+x:42", "user_id+-5:42" }) {
            InvalidationSubscriber.deliver(odd, listener);
        }
        assertThat(heard).isEmpty();
    }

    @Test
    void anIdWithALoneSurrogateRoundTripsThroughTheEscapedForm() {
        assertThat(InvalidationSubscriber.escapedId("a%b")).isNull(); // UTF-8 carries it: no escaped form
        assertThat(InvalidationSubscriber.escapedId("\uD83D\uDE00")).isNull();
        String id = "x\uD800%\uDC00\uD83D\uDE00:";
        String escaped = InvalidationSubscriber.escapedId(id);
        assertThat(escaped).isEqualTo("x%uD800%25%uDC00\uD83D\uDE00:");
        InvalidationSubscriber.deliver("user_id%:" + escaped, listener);
        InvalidationSubscriber.deliver("user_id%+2000:" + escaped, listener);
        InvalidationSubscriber.deliver("user_id%:%zz", listener); // not well formed: ignored
        InvalidationSubscriber.deliver("%:" + escaped, listener);
        assertThat(heard).containsExactly("user_id|" + id + "|0", "user_id|" + id + "|2000");
    }
}
