package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportHtmlTest {

  @Test
  void textFromTheRunCannotOpenATagOrLeaveAnAttribute() {
    assertEquals("&lt;b onclick=&quot;x&quot; title=&#39;y&#39;&gt;a &amp; b&lt;/b&gt;",
        ReportHtml.escape("<b onclick=\"x\" title='y'>a & b</b>"));
  }
}
