"""The SLA admin page on a phone: the policy menus show their whole choice (a unit's
long name in the target menu is cut, as any long option on a phone is)."""

from __future__ import annotations

# Each select's widest option, measured in the select's own font, against the room the
# select gives its text (its inner width less the arrow).
CUT_MENUS = """() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const cut = [];
  for (const select of document.querySelectorAll("main select:not([name=opd_code])")) {
    const style = getComputedStyle(select);
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - 24;
    for (const option of select.options) {
      if (ctx.measureText(option.text).width > room) cut.push(option.text);
    }
  }
  return [...new Set(cut)];
}"""


def test_the_escalation_menus_are_not_cut_at_375_px(page, login):
    """At 375 px the step menus read "peringatkan kepala OP": the percentage box beside
    each took half the row (walk14)."""
    login("admin")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/admin/sla/")
    assert page.locator("select[name=action]").count() >= 4
    assert page.evaluate(CUT_MENUS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
