/**
 * What assistive technology is told about an element, read from Chromium's own accessibility
 * tree (not recomputed by the test), so "announced" means what a screen reader would get.
 */
import type { Page } from 'playwright-core';

export interface AccessibleInfo {
  readonly role: string;
  readonly name: string;
  readonly description: string;
  readonly invalid: boolean;
}

/** The computed role, name, description and invalid state of the element a selector finds. */
export async function accessibleInfo(page: Page, selector: string): Promise<AccessibleInfo> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as {
      root: { nodeId: number };
    };
    const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })) as {
      nodeId: number;
    };
    const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', {
      nodeId,
      fetchRelatives: false,
    })) as {
      nodes: Array<{
        role?: { value?: string };
        name?: { value?: string };
        description?: { value?: string };
        properties?: Array<{ name: string; value: { value?: unknown } }>;
      }>;
    };
    const node = nodes[0];
    const invalid = node?.properties?.find((p) => p.name === 'invalid')?.value.value;
    return {
      role: node?.role?.value ?? '',
      name: node?.name?.value ?? '',
      description: node?.description?.value ?? '',
      invalid: invalid !== undefined && invalid !== 'false',
    };
  } finally {
    await cdp.detach();
  }
}

/** The id of the focused element, or its tag when it has none. */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.id || el?.tagName.toLowerCase() || '';
  });
}
