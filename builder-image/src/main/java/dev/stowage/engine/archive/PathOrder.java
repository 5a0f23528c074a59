package dev.stowage.engine.archive;

import java.util.Comparator;

/**
 * Orders relative paths component by component ({@code a}, {@code a/b}, {@code a-b}): a parent
 * always comes right before its subtree, as in a sorted depth-first walk.
 */
final class PathOrder implements Comparator<String> {

  static final PathOrder INSTANCE = new PathOrder();

  private PathOrder() {}

  @Override
  public int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x == '/') {
          return -1;
        }
        if (y == '/') {
          return 1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
