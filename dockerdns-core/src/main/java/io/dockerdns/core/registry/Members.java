package io.dockerdns.core.registry;

import io.dockerdns.core.model.Container;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The containers under one key: an immutable list sorted by name. A change copies the array (one
 * memory copy, found by binary search), which keeps even a key with thousands of members, such as a
 * popular image, to microseconds per event.
 */
final class Members extends AbstractList<Container> implements RandomAccess {
  private final Container[] items;

  private Members(Container[] items) {
    this.items = items;
  }

  @Override
  public Container get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }

  /**
   * The list with {@code c} in place of {@code old}: one copy when it sorts where {@code old} was
   * (the same name), else {@code old} removed and {@code c} added.
   */
  static List<Container> swap(List<Container> list, Container old, Container c) {
    if (list != null && Container.BY_NAME.compare(old, c) == 0) {
      Container[] items = ((Members) list).items;
      int at = indexOf(items, old);
      if (at >= 0) {
        Container[] next = items.clone();
        next[at] = c;
        return new Members(next);
      }
    }
    return add(remove(list, old), c);
  }

  static List<Container> add(List<Container> list, Container c) {
    if (list == null) {
      return new Members(new Container[] {c});
    }
    Container[] items = ((Members) list).items;
    int at = Arrays.binarySearch(items, c, Container.BY_NAME);
    int insert = at < 0 ? -at - 1 : at;
    Container[] next = new Container[items.length + 1];
    System.arraycopy(items, 0, next, 0, insert);
    next[insert] = c;
    System.arraycopy(items, insert, next, insert + 1, items.length - insert);
    return new Members(next);
  }

  static List<Container> remove(List<Container> list, Container c) {
    if (list == null) {
      return null;
    }
    Container[] items = ((Members) list).items;
    int at = indexOf(items, c);
    if (at < 0) {
      return list;
    }
    if (items.length == 1) {
      return null;
    }
    Container[] next = new Container[items.length - 1];
    System.arraycopy(items, 0, next, 0, at);
    System.arraycopy(items, at + 1, next, at, items.length - at - 1);
    return new Members(next);
  }

  /** Where {@code c} is; name and id order the members, so a binary search finds it. */
  private static int indexOf(Container[] items, Container c) {
    int at = Arrays.binarySearch(items, c, Container.BY_NAME);
    if (at >= 0) {
      return at;
    }
    for (int i = 0; i < items.length; i++) { // indexed under another name: look for its id
      if (items[i].id().equals(c.id())) {
        return i;
      }
    }
    return -1;
  }
}
