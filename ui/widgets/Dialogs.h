#pragma once

class QDialog;

namespace art32::ui {

/**
 * Sizes a dialog of word-wrapped labels to fit its screen (UI.md: dialogs fit a 1280×800 screen in Dutch): at
 * most about 70 characters wide and never wider than the screen's available width, tall enough for the wrapped
 * text. Call after the layout is complete.
 */
void fitDialog(QDialog* dialog);

} // namespace art32::ui
