package dev.stowage.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * fabric8's CRUD mock dispatcher whose by-name lookup ({@link #findResource}) uses an index on the
 * object name instead of scanning every stored object, as a real API server looks objects up by
 * key.
 *
 * <p>Semantics stay those of the stock dispatcher: the index only narrows the candidates (a
 * superset of the stored keys carrying that name), each candidate is still checked with {@code
 * AttributeSet.matches} against the live store, and whenever more than one stored object matches,
 * or the query has no single name, the stock scan decides (it returns the first in store order).
 * Stored keys change only in {@code processEvent} (create, replace, patch), the private delete
 * path and {@code reset}; the index follows the first and last, and deleted keys are pruned after
 * {@code handleDelete} (a stale candidate is harmless anyway: it is no longer in the store).
 * With {@code checked}, every indexed answer is compared with the stock scan's ({@link
 * #mismatches()}).
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final Logger LOG = Logger.getLogger(IndexedCrudDispatcher.class.getName());

  private final Map<Value, Set<AttributeSet>> byName = new ConcurrentHashMap<>();

  private final boolean checked;
  private final AtomicInteger mismatches = new AtomicInteger();

  IndexedCrudDispatcher(boolean checked) {
    this.checked = checked;
  }

  /** How many indexed lookups disagreed with the stock scan (counted only when checked). */
  int mismatches() {
    return mismatches.get();
  }

  /** False once a stored key could not be indexed: from then on every lookup scans. */
  private volatile boolean indexed = true;

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Value name = indexed ? singleName(query) : null;
    if (name == null) {
      return super.findResource(query);
    }
    List<AttributeSet> matches = new ArrayList<>(2);
    for (AttributeSet candidate : byName.getOrDefault(name, Set.of())) {
      if (map.containsKey(candidate) && candidate.matches(query)) {
        matches.add(candidate);
      }
    }
    Map.Entry<AttributeSet, String> found =
        switch (matches.size()) {
          case 0 -> null;
          case 1 -> entry(matches.getFirst());
          default -> super.findResource(query); // store order decides, as in the stock scan
        };
    if (checked && !Objects.equals(found, super.findResource(query))) {
      mismatches.incrementAndGet();
    }
    return found;
  }

  /**
   * After the stock update of the store, indexes the key it stored. The stock method does not hand
   * that key out, so it is derived the same way (attributes of the resource, merged over the path's
   * when they carry no {@code plural}); if the derived key is ever not in the store, the index is
   * dropped for good and every lookup scans as stock does.
   */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String value) {
    super.processEvent(path, pathAttributes, oldAttributes, resource, value);
    synchronized (byName) { // a key is indexed after it is stored, never while a prune checks it
      reindex(pathAttributes, oldAttributes, resource, value);
    }
  }

  private void reindex(
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String value) {
    if (oldAttributes != null && !map.containsKey(oldAttributes)) {
      unindex(oldAttributes);
    }
    if (value != null && indexed) {
      AttributeSet stored = storedKey(pathAttributes, resource, value);
      if (map.containsKey(stored)) {
        index(stored);
      } else {
        indexed = false;
        LOG.warning("stored key not derivable; indexed store falls back to scans: " + stored);
      }
    }
  }

  private AttributeSet storedKey(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String value) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet features =
        resource != null ? extractor.extract(resource) : extractor.fromResource(value);
    return features.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? features
        : AttributeSet.merge(pathAttributes, features);
  }

  @Override
  public MockResponse handleDelete(String path) {
    MockResponse response = super.handleDelete(path);
    synchronized (byName) {
      byName.values().forEach(keys -> keys.removeIf(key -> !map.containsKey(key)));
      byName.values().removeIf(Set::isEmpty);
    }
    return response;
  }

  @Override
  public void reset() {
    super.reset();
    byName.clear();
  }

  private Map.Entry<AttributeSet, String> entry(AttributeSet key) {
    String value = map.get(key);
    return value == null ? null : new AbstractMap.SimpleImmutableEntry<>(key, value);
  }

  private void index(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name != null) {
      for (Value value : name.getValues()) {
        byName.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(key);
      }
    }
  }

  private void unindex(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name != null) {
      for (Value value : name.getValues()) {
        Set<AttributeSet> keys = byName.get(value);
        if (keys != null) {
          keys.remove(key);
        }
      }
    }
  }

  /**
   * The name a query asks for by equality ({@code WITH}: a match holds an equal name attribute), or
   * null when it asks for none, several, or by another operator (those keep the scan).
   */
  private static Value singleName(AttributeSet query) {
    Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
    return name != null && name.getType() == AttributeType.WITH && name.getValues().size() == 1
        ? name.getValues().getFirst()
        : null;
  }
}
