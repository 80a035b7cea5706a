#pragma once

#include "widgets/Icons.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace art32::ui {

/** A non-modal message at the top of a view: the cause in plain words and one action (Retry, Reconnect…). */
class Banner : public QFrame
{
    Q_OBJECT

public:
    explicit Banner(QWidget* parent = nullptr);

    void showMessage(Level level, const QString& message, const QString& actionText = QString());
    QString message() const;

signals:
    void actionTriggered();

private:
    QLabel* m_icon;
    QLabel* m_text;
    QPushButton* m_action;
};

} // namespace art32::ui
