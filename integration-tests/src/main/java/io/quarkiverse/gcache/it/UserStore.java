package io.quarkiverse.gcache.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A deliberately slow in-memory user store: every read takes {@code example.store.read-delay} (50 ms by
 * default), the way a database or a remote service would, and is counted so that tests can see what the
 * cache spared it.
 */
@ApplicationScoped
public class UserStore {

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Duration readDelay;

    public UserStore(@ConfigProperty(name = "example.store.read-delay", defaultValue = "50ms") Duration readDelay) {
        this.readDelay = readDelay;
        reset();
    }

    /** The user, or {@code null}; id {@code "boom"} fails, to show that failures are never cached. */
    public User read(String id) {
        slowRead();
        if (id.equals("boom")) {
            throw new IllegalStateException("the store failed to read user boom");
        }
        return users.get(id);
    }

    /** The users whose name starts with {@code prefix}, a page of {@code size} at a time. */
    public List<User> search(String prefix, int page, int size) {
        slowRead();
        List<User> found = new ArrayList<>(users.values().stream()
                .filter(u -> u.name().startsWith(prefix))
                .sorted(Comparator.comparing(User::id))
                .toList());
        int from = Math.min(page * size, found.size());
        return found.subList(from, Math.min(from + size, found.size()));
    }

    public void write(User user) {
        users.put(user.id(), user);
    }

    /** How many reads reached the store since the last {@link #reset()}. */
    public int reads() {
        return reads.get();
    }

    /** Puts the store back to its three seed users and zero reads. */
    public void reset() {
        users.clear();
        write(new User("1", "Ann", "ann@example.com"));
        write(new User("2", "Bob", "bob@example.com"));
        write(new User("3", "Anna", "anna@example.com"));
        reads.set(0);
    }

    private void slowRead() {
        reads.incrementAndGet();
        try {
            Thread.sleep(readDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
