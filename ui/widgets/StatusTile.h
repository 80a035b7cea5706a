#pragma once

#include "widgets/Icons.h"

#include <QFrame>

class QLabel;

namespace art32::ui {

/** A dashboard tile: a promise, its state (icon + word + colour), and a one-line reason. Click to act. */
class StatusTile : public QFrame
{
    Q_OBJECT

public:
    explicit StatusTile(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setStatus(Level level, const QString& reason);
    Level level() const { return m_level; }
    QString reason() const;

signals:
    void activated();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    Level m_level = Level::Unknown;
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_word;
    QLabel* m_reason;
};

} // namespace art32::ui
