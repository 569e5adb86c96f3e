#pragma once
// The templates to start a design from, each with a picture of its canvas, its
// description and its size; choosing one opens it as a new, unsaved design.
#include "mainwindow/template_library.h"

#include <QDialog>

class QLabel;
class QListWidget;

namespace volnet::ui {

class TemplateGallery : public QDialog {
    Q_OBJECT
public:
    explicit TemplateGallery(QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    // The chosen template's name, or empty.
    QString selectedName() const;
    void select(const QString &name);

private:
    void showCurrent();

    QList<DesignTemplate> m_templates;
    QList<QPixmap> m_pictures;
    QListWidget *m_list;
    QLabel *m_picture;
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_facts;
};

} // namespace volnet::ui
