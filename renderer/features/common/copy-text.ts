// Copy text to the clipboard; without clipboard permission (plain http in some browsers), the
// text of `area` is selected and copied the old way.
export async function copyText(text: string, area: HTMLTextAreaElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    area?.select();
    document.execCommand('copy');
  }
}
