package io.quarkiverse.gcache.it.history;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run recorded: the operations of every process, the faults, every {@code version|value} the store
 * ever held per entity, the propagation measurements, and notes for the report (what the processes logged).
 */
record History(List<Operation> operations, List<Fault> faults, Map<String, Set<String>> storeValues,
        List<Propagation> propagations, List<String> notes) {
}
