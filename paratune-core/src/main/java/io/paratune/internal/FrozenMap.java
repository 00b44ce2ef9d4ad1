package io.paratune.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, insertion-ordered map backed by two arrays; null values are allowed, null keys are
 * not. Trials keep their parameters and attributes in these: a copy costs two small arrays instead
 * of a hash table of entries, and copying one {@code FrozenMap} into another is free because it is
 * returned as it is. Lookups scan the keys for small maps and use a hash index for larger ones.
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {
    private static final int INDEX_THRESHOLD = 12;
    private static final FrozenMap<?, ?> EMPTY = new FrozenMap<>(new Object[0], new Object[0]);

    private final Object[] keys;
    private final Object[] values;
    private final Map<Object, Integer> index;

    private FrozenMap(Object[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
        if (keys.length > INDEX_THRESHOLD) {
            index = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                index.put(keys[i], i);
            }
        } else {
            index = null;
        }
    }

    /** The empty map. */
    @SuppressWarnings("unchecked")
    public static <K, V> FrozenMap<K, V> empty() {
        return (FrozenMap<K, V>) EMPTY;
    }

    /** An immutable copy of {@code map} in its iteration order; a {@code FrozenMap} is returned as it is. */
    @SuppressWarnings("unchecked")
    public static <K, V> FrozenMap<K, V> copyOf(Map<? extends K, ? extends V> map) {
        if (map instanceof FrozenMap<?, ?> frozen) {
            return (FrozenMap<K, V>) frozen;
        }
        if (map.isEmpty()) {
            return empty();
        }
        Object[] k = new Object[map.size()];
        Object[] v = new Object[k.length];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            k[i] = Objects.requireNonNull(e.getKey(), "map key");
            v[i++] = e.getValue();
        }
        return new FrozenMap<>(k, v);
    }

    private int indexOf(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) values[i]);
        }
    }

    /** A new view on each call, so that no view is kept alive with the map. */
    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return new ArrayIterator<>(keys);
            }

            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public boolean contains(Object o) {
                return indexOf(o) >= 0;
            }
        };
    }

    /** A new view on each call, so that no view is kept alive with the map. */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<K, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>((K) keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    private static final class ArrayIterator<T> implements Iterator<T> {
        private final Object[] items;
        private int next;

        ArrayIterator(Object[] items) {
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            return next < items.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (next >= items.length) {
                throw new NoSuchElementException();
            }
            return (T) items[next++];
        }
    }
}
