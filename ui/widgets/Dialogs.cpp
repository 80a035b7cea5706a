#include "widgets/Dialogs.h"

#include <QDialog>
#include <QGuiApplication>
#include <QLayout>
#include <QScreen>

namespace art32::ui {

void fitDialog(QDialog* dialog)
{
    const QScreen* screen = dialog->screen() ? dialog->screen() : QGuiApplication::primaryScreen();
    const int available = screen ? screen->availableGeometry().width() : 1280;
    const int readable = dialog->fontMetrics().averageCharWidth() * 70;
    const int width = qMin(readable, available - 32);
    dialog->setMaximumWidth(qMax(width, available / 2));
    dialog->layout()->activate();
    const int height = dialog->layout()->hasHeightForWidth() ? dialog->layout()->totalHeightForWidth(width)
                                                             : dialog->sizeHint().height();
    dialog->resize(width, height);
}

} // namespace art32::ui
