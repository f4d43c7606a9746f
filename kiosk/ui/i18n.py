"""The kiosk's words in Kazakh, Russian and English: one table, plain language.

Screens ask :func:`tr` for a key in the session's language. Problem codes (from the document
reader, the face matcher, the session), liveness prompts and guidance codes and session outcomes
map to sentences a customer understands; an unknown code falls back to a generic sentence, never
to the raw code (the code still reaches the log and the clerk's review screen).
"""

from __future__ import annotations

LANGUAGES = ("kk", "ru", "en")
# The language names as their speakers write them (the language screen's buttons).
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

# key -> (kk, ru, en)
_T: dict[str, tuple[str, str, str]] = {
    # -- chrome ---------------------------------------------------------------------------------
    "app_title": ("SIM-картаны тіркеу", "Регистрация SIM-карты", "SIM card registration"),
    "cancel": ("Болдырмау", "Отмена", "Cancel"),
    "continue": ("Жалғастыру", "Продолжить", "Continue"),
    "please_wait": ("Күте тұрыңыз…", "Пожалуйста, подождите…", "Please wait…"),
    "step_of": ("{n}/{total} қадам", "Шаг {n} из {total}", "Step {n} of {total}"),
    "error_generic": ("Бірдеңе дұрыс болмады. Қызметкерге хабарласыңыз.",
                      "Что-то пошло не так. Обратитесь к сотруднику.",
                      "Something went wrong. Please ask a member of staff."),
    # -- attract --------------------------------------------------------------------------------
    "attract_title": ("SIM-картаны осы жерде белсендіріңіз",
                      "Активируйте SIM-карту здесь",
                      "Activate your SIM card here"),
    "attract_touch": ("Бастау үшін экранды түртіңіз",
                      "Коснитесь экрана, чтобы начать",
                      "Touch the screen to start"),
    "attract_needs": ("Сізге жеке куәлік пен SIM-карта бумасы қажет",
                      "Вам понадобятся удостоверение личности и упаковка SIM-карты",
                      "You need your ID card and the SIM card pack"),
    "start": ("Бастау", "Начать", "Start"),
    "attract_crash_notice": ("Техникалық қызмет: диагностиканы қараңыз",
                             "Для техника: см. диагностику",
                             "Technician: see diagnostics"),
    # -- language -------------------------------------------------------------------------------
    "language_title": ("Тілді таңдаңыз", "Выберите язык", "Choose your language"),
    # -- clerk login ----------------------------------------------------------------------------
    "login_title": ("Қызметкердің кіруі", "Вход сотрудника", "Staff login"),
    "login_id": ("Оператор ID", "ID оператора", "Operator ID"),
    "login_pin": ("PIN-код", "PIN-код", "PIN"),
    "login_button": ("Кіру", "Войти", "Log in"),
    "login_refused": ("ID немесе PIN-код қате", "Неверный ID или PIN-код",
                      "Wrong operator ID or PIN"),
    # -- consent --------------------------------------------------------------------------------
    "consent_title": ("Келісім", "Согласие", "Your consent"),
    "consent_text": (
        "SIM-картаны белсендіру үшін біз жеке куәлігіңізді оқимыз, бетіңізді камерамен "
        "тексереміз және оны құжаттағы суретпен салыстырамыз. Деректер тек осы тексеруге "
        "және операторға жіберілетін қол қойылған жазбаға пайдаланылады. Сессия біткенде "
        "суреттер мен жеке деректер осы құрылғыдан өшіріледі.",
        "Чтобы активировать SIM-карту, мы прочитаем ваше удостоверение личности, проверим "
        "лицо с помощью камеры и сравним его с фотографией в документе. Данные используются "
        "только для этой проверки и для подписанной записи, которая отправляется оператору. "
        "После окончания сеанса фотографии и личные данные удаляются с этого устройства.",
        "To activate your SIM card we read your ID card, check your face with the camera "
        "and compare it with the photo on the document. The data is used only for this check "
        "and for the signed record sent to the operator. When the session ends, the photos "
        "and your personal data are deleted from this device."),
    "consent_agree": ("Келісемін", "Я согласен(на)", "I agree"),
    # -- document -------------------------------------------------------------------------------
    "document_title": ("Жеке куәлігіңізді сканерге қойыңыз",
                       "Положите удостоверение личности на сканер",
                       "Place your ID card on the scanner"),
    "document_hint": ("Суреті бар жағын төмен қаратып қойыңыз",
                      "Стороной с фотографией вниз",
                      "Photo side down"),
    "document_scan": ("Сканерлеу", "Сканировать", "Scan"),
    "document_reading": ("Құжат оқылуда…", "Читаем документ…", "Reading the document…"),
    "document_retry": ("Құжатты оқу мүмкін болмады. Оны түзу қойып, қайталап көріңіз.",
                       "Не удалось прочитать документ. Положите его ровно и попробуйте ещё раз.",
                       "The document could not be read. Lay it flat and try again."),
    "document_attempt": ("{n}/{total} әрекет", "Попытка {n} из {total}", "Attempt {n} of {total}"),
    # -- SIM ------------------------------------------------------------------------------------
    "sim_title": ("SIM-карта бумасындағы штрихкодты сканерлеңіз",
                  "Отсканируйте штрихкод на упаковке SIM-карты",
                  "Scan the barcode on the SIM card pack"),
    "sim_iccid": ("ICCID (19–20 сан)", "ICCID (19–20 цифр)", "ICCID (19–20 digits)"),
    "sim_msisdn": ("Телефон нөмірі (міндетті емес)", "Номер телефона (необязательно)",
                   "Phone number (optional)"),
    "sim_iccid_bad": ("Бұл SIM-карта нөмірі дұрыс емес. Қайта сканерлеңіз.",
                      "Неверный номер SIM-карты. Отсканируйте ещё раз.",
                      "This SIM card number is not valid. Scan it again."),
    "sim_msisdn_bad": ("Телефон нөмірі 10–15 саннан тұруы керек.",
                       "Номер телефона должен содержать 10–15 цифр.",
                       "The phone number must have 10 to 15 digits."),
    "sim_iccid_ok": ("SIM-карта нөмірі дұрыс", "Номер SIM-карты верный",
                     "SIM card number is valid"),
    # -- face -----------------------------------------------------------------------------------
    "face_title": ("Камераға қараңыз", "Посмотрите в камеру", "Look at the camera"),
    "face_hint": ("Экрандағы нұсқауларды орындаңыз", "Выполняйте указания на экране",
                  "Follow the instructions on the screen"),
    "face_ready": ("Дайынмын", "Я готов(а)", "I'm ready"),
    "face_checking": ("Тексерілуде…", "Проверяем…", "Checking…"),
    "face_liveness_failed": ("Тексеру сәтсіз аяқталды. Нұсқауларды мұқият орындап, "
                             "қайталап көріңіз.",
                             "Проверка не удалась. Внимательно выполняйте указания и "
                             "попробуйте ещё раз.",
                             "The check did not work. Follow the instructions closely and "
                             "try again."),
    "face_no_match": ("Бетіңіз құжаттағы суретпен сәйкес келмеді. Камераға тура қарап, "
                      "қайталап көріңіз.",
                      "Лицо не совпало с фотографией в документе. Смотрите прямо в камеру "
                      "и попробуйте ещё раз.",
                      "Your face did not match the photo on the document. Look straight at "
                      "the camera and try again."),
    "face_attempt": ("{n}/{total} әрекет", "Попытка {n} из {total}", "Attempt {n} of {total}"),
    "face_progress": ("{n}/{total} тапсырма", "Задание {n} из {total}", "Task {n} of {total}"),
    # -- review ---------------------------------------------------------------------------------
    "review_title": ("Қызметкердің шешімі", "Решение сотрудника", "Clerk review"),
    "review_why": ("Неге тексеру қажет:", "Почему нужна проверка:", "Why a review is needed:"),
    "review_match": ("Бет сәйкестігі: {band} (қашықтық {distance:.3f}, шек {threshold:.2f})",
                     "Сходство лица: {band} (расстояние {distance:.3f}, порог {threshold:.2f})",
                     "Face match: {band} (distance {distance:.3f}, threshold {threshold:.2f})"),
    "band_match": ("сәйкес", "совпадает", "match"),
    "band_review": ("шекаралық", "пограничное", "borderline"),
    "band_no_match": ("сәйкес емес", "не совпадает", "no match"),
    "review_no_match_data": ("Бет сәйкестігі әлі өлшенбеді", "Сходство лица ещё не измерено",
                             "Face match not measured yet"),
    "review_fields": ("Құжат деректері (қате оқылса, түзетіңіз)",
                      "Данные документа (исправьте, если прочитаны неверно)",
                      "Document data (correct a misread field)"),
    "review_reason": ("Себебі (міндетті)", "Причина (обязательно)", "Reason (required)"),
    "review_approve": ("Мақұлдау", "Одобрить", "Approve"),
    "review_refuse": ("Бас тарту", "Отказать", "Refuse"),
    "review_reason_needed": ("Шешімнің себебін жазыңыз", "Укажите причину решения",
                             "Write the reason for the decision"),
    # -- submit / receipt / ended ---------------------------------------------------------------
    "submit_title": ("Деректер жіберілуде…", "Отправляем данные…", "Sending your registration…"),
    "receipt_activated": ("SIM-карта белсендірілді", "SIM-карта активирована",
                          "Your SIM card is activated"),
    "receipt_activated_text": ("Оны қазір пайдалана аласыз.", "Ею можно пользоваться сразу.",
                               "You can use it right away."),
    "receipt_queued": ("Өтініш сақталды", "Заявка сохранена", "Your registration is saved"),
    "receipt_queued_text": (
        "Қазір оператор серверіне қосылу мүмкін емес. Қол қойылған өтінішіңіз осы құрылғыда "
        "сақталды және байланыс қалпына келгенде автоматты түрде жіберіледі. SIM-карта содан "
        "кейін жұмыс істейді; қайта келудің қажеті жоқ.",
        "Сейчас нет связи с сервером оператора. Ваша подписанная заявка сохранена на этом "
        "устройстве и будет отправлена автоматически, когда связь восстановится. После этого "
        "SIM-карта заработает; приходить ещё раз не нужно.",
        "The operator's server cannot be reached right now. Your signed registration is saved "
        "on this kiosk and will be sent automatically when the connection is back. The SIM "
        "card will work after that; you do not need to come back."),
    "receipt_rejected": ("Белсендіру қабылданбады", "В активации отказано",
                         "The activation was refused"),
    "receipt_rejected_text": ("Оператор бұл өтінішті қабылдамады. Қызметкерге хабарласыңыз.",
                              "Оператор отклонил эту заявку. Обратитесь к сотруднику.",
                              "The operator refused this registration. Please ask a member "
                              "of staff."),
    "receipt_number": ("Өтініш нөмірі: {ref}", "Номер заявки: {ref}", "Reference: {ref}"),
    "done": ("Дайын", "Готово", "Done"),
    "ended_thanks": ("Рақмет!", "Спасибо!", "Thank you!"),
    "ended_wiped": ("Сіздің деректеріңіз осы құрылғыдан өшірілді.",
                    "Ваши данные удалены с этого устройства.",
                    "Your data has been deleted from this device."),
    "ended_again": ("Басты бетке", "На главную", "Back to start"),
    # -- clerk, review, SIM keypad, submissions (helper "clerk", issue 11) -----------------------
    "sim_keypad_hint": ("Бума штрихкодын сканерлеңіз немесе нөмірді пернетақтамен теріңіз",
                        "Отсканируйте штрихкод упаковки или наберите номер на клавиатуре",
                        "Scan the pack's barcode or type the number on the keypad"),
    "review_faces": ("Құжаттағы сурет пен камерадағы бет", "Фото в документе и лицо с камеры",
                     "Document photo and live camera face"),
    "review_document_photo": ("Құжаттағы сурет", "Фото в документе", "Document photo"),
    "review_live_photo": ("Камерадан", "С камеры", "Live camera"),
    "review_no_photo": ("Сурет жоқ", "Нет изображения", "No picture"),
    "similarity_strong": ("Ұқсастық: жоғары", "Сходство: сильное", "Similarity: strong"),
    "similarity_borderline": ("Ұқсастық: шекаралық — беттерді өзіңіз салыстырыңыз",
                              "Сходство: пограничное — сравните лица сами",
                              "Similarity: borderline — compare the faces yourself"),
    "similarity_weak": ("Ұқсастық: әлсіз", "Сходство: слабое", "Similarity: weak"),
    "similarity_numbers": ("қашықтық {distance:.3f}, шек {threshold:.2f} (аз болса, ұқсас)",
                           "расстояние {distance:.3f}, порог {threshold:.2f} (меньше — ближе)",
                           "distance {distance:.3f}, threshold {threshold:.2f} (lower is closer)"),
    "review_iin_label": ("Клиенттің ЖСН (құжатта жоқ, міндетті)",
                         "ИИН клиента (нет в документе, обязательно)",
                         "Customer's IIN (not on the document, required)"),
    "review_iin_hint": ("Шетелдіктің ЖСН-ы оның ықтиярхатында немесе ЖСН анықтамасында жазылған",
                        "ИИН иностранца указан в его виде на жительство или справке об ИИН",
                        "A foreign resident's IIN is on their residence permit or IIN "
                        "certificate"),
    "review_iin_ok": ("ЖСН дұрыс және құжатпен сәйкес", "ИИН верный и совпадает с документом",
                      "The IIN is valid and agrees with the document"),
    "iin_format": ("ЖСН 12 саннан тұрады", "ИИН состоит из 12 цифр", "An IIN has 12 digits"),
    "iin_invalid_entry": ("Бұл ЖСН жарамсыз (бақылау саны немесе күн қате)",
                          "Этот ИИН недействителен (неверная контрольная цифра или дата)",
                          "This IIN is not valid (wrong check digit or date)"),
    "iin_birth_mismatch": ("ЖСН-дағы туған күн құжаттағыдан өзгеше",
                           "Дата рождения в ИИН не совпадает с документом",
                           "The IIN's birth date differs from the document's"),
    "iin_sex_mismatch": ("ЖСН-дағы жыныс құжаттағыдан өзгеше",
                         "Пол в ИИН не совпадает с документом",
                         "The IIN's sex digit differs from the document's"),
    "review_approve_needs_iin": ("Мақұлдау үшін клиенттің дұрыс ЖСН-ын енгізіңіз: {why}",
                                 "Чтобы одобрить, введите верный ИИН клиента: {why}",
                                 "To approve, enter the customer's valid IIN: {why}"),
    "review_reason_label": ("Шешім себебі", "Причина решения", "Reason for the decision"),
    "clerk_logout": ("Шығу ({clerk})", "Выйти ({clerk})", "Log out ({clerk})"),
    "clerk_logged_in": ("Қызметкер: {clerk}", "Сотрудник: {clerk}", "Clerk: {clerk}"),
    "clerk_language": ("Қызметкер тілі", "Язык сотрудника", "Staff language"),
    "login_shift": ("Ауысымға бір рет кіріңіз; {minutes} мин әрекетсіздіктен кейін құлыпталады",
                    "Вход один раз за смену; блокировка после {minutes} мин бездействия",
                    "Log in once per shift; locks after {minutes} min without activity"),
    "submissions_open": ("Бүгінгі өтініштер", "Заявки за сегодня", "Today's submissions"),
    "submissions_title": ("Бүгінгі өтініштер", "Заявки за сегодня", "Today's submissions"),
    "submissions_empty": ("Бүгін өтініш жоқ", "Сегодня заявок нет", "No submissions today"),
    "submissions_counts": ("Жеткізілді: {delivered} · Кезекте: {queued} · Қабылданбады: "
                           "{refused}",
                           "Доставлено: {delivered} · В очереди: {queued} · Отклонено: "
                           "{refused}",
                           "Delivered: {delivered} · Queued: {queued} · Refused: {refused}"),
    "submissions_time": ("Уақыты", "Время", "Time"),
    "submissions_ref": ("Нөмірі", "Номер", "Reference"),
    "submissions_sim": ("SIM (соңғы сандары)", "SIM (последние цифры)", "SIM (last digits)"),
    "submissions_state": ("Күйі", "Состояние", "State"),
    "submissions_why": ("Себебі", "Причина", "Why"),
    "state_delivered": ("Жеткізілді", "Доставлено", "Delivered"),
    "state_queued": ("Кезекте", "В очереди", "Queued"),
    "state_sending": ("Жіберілуде", "Отправляется", "Sending"),
    "state_refused": ("Қабылданбады", "Отклонено", "Refused"),
    "submissions_retry": ("Кезектегілерді қазір жіберу", "Отправить очередь сейчас",
                          "Send queued now"),
    "submissions_retrying": ("Жіберілуде…", "Отправляем…", "Sending…"),
    "submissions_retried": ("Жеткізілді: {delivered}, әлі кезекте: {pending}",
                            "Доставлено: {delivered}, ещё в очереди: {pending}",
                            "Delivered: {delivered}, still queued: {pending}"),
    "submissions_close": ("Жабу", "Закрыть", "Close"),
    "submissions_waiting": ("келесі әрекет {time}", "следующая попытка {time}",
                            "next attempt {time}"),
    # --- technician diagnostics screen (diag helper, issue 11): check rows, devices, freeze ---
    "diag_check_freeze": ("Бұғаттау күйі", "Блокировка приёма", "Freeze state"),
    "diag_check_camera": ("Камера", "Камера", "Camera"),
    "diag_check_scanner": ("Құжат сканері", "Сканер документов", "Document scanner"),
    "diag_check_serial_reader": ("MRZ оқығышы (сериялық порт)",
                                 "Считыватель MRZ (послед. порт)", "MRZ reader (serial)"),
    "diag_check_barcode": ("Штрихкод оқығышы", "Сканер штрихкодов", "Barcode reader"),
    "diag_check_server": ("Сервер", "Сервер", "Server"),
    "diag_check_tls": ("TLS (шифрлау)", "TLS (шифрование)", "TLS (encryption)"),
    "diag_check_clock": ("Сағат айырмасы", "Расхождение часов", "Clock skew"),
    "diag_check_outbox": ("Жіберу кезегі", "Очередь отправки", "Outbox"),
    "diag_check_key": ("Құрылғы кілті", "Ключ устройства", "Device key"),
    "diag_check_versions": ("Нұсқалар", "Версии", "Versions"),
    "diag_check_models": ("Модельдер", "Модели", "Models"),
    "diag_check_disk": ("Диск", "Диск", "Disk"),
    "diag_check_state_dir": ("Деректер қалтасы", "Каталог данных", "State directory"),
    "diag_check_diagnostics_pin": ("Диагностика PIN-коды", "PIN-код диагностики",
                                   "Diagnostics PIN"),
    "diag_status_ok": ("ҚАЛЫПТЫ", "НОРМА", "OK"),
    "diag_status_warn": ("ЕСКЕРТУ", "ВНИМАНИЕ", "WARNING"),
    "diag_status_error": ("ҚАТЕ", "ОШИБКА", "ERROR"),
    "diag_status_skip": ("ӨТКІЗІЛДІ", "ПРОПУСК", "SKIPPED"),
    "diag_status_untested": ("ТЕКСЕРІЛМЕГЕН", "НЕ ПРОВЕРЕНО", "NOT TESTED"),
    "diag_tab_checks": ("Тексерулер", "Проверки", "Checks"),
    "diag_tab_devices": ("Құрылғылар", "Устройства", "Devices"),
    "diag_tab_log": ("Журнал", "Журнал", "Log"),
    "diag_frozen": ("КИОСК БҰҒАТТАЛҒАН — жаңа клиенттер қабылданбайды",
                    "КИОСК ЗАБЛОКИРОВАН — новые клиенты не принимаются",
                    "KIOSK FROZEN — new customers are not taken"),
    "diag_not_frozen": ("Киоск бұғатталмаған: клиенттерді қабылдайды",
                        "Киоск не заблокирован: клиенты принимаются",
                        "Not frozen: the kiosk takes customers"),
    "diag_freeze_unknown": ("Бұғаттау күйі тексерілуде…", "Проверяется состояние блокировки…",
                            "Checking the freeze state…"),
    "diag_untested": ("әлі тексерілмеген — «Құрылғылар» бетінде тексеріңіз",
                      "ещё не проверено — проверьте на вкладке «Устройства»",
                      "not tested yet — test it on the Devices tab"),
    "diag_test_scan": ("Сынақ сканерлеу", "Пробное сканирование", "Test scan"),
    "diag_scanning": ("сканерлеу…", "сканирование…", "scanning…"),
    "diag_no_scanner": ("сканер берілмеген", "сканер не задан", "no scanner given"),
    "diag_barcode_hint": ("SIM картаның штрихкодын сканерлеңіз",
                          "Отсканируйте штрихкод SIM-карты", "Scan a SIM card's barcode"),
    "diag_barcode_ok": ("{n} таңба оқылды: ICCID дұрыс (Luhn бақылау саны сәйкес)",
                        "Прочитано символов: {n}; ICCID верный (контрольная цифра Луна "
                        "совпадает)",
                        "{n} characters read: a valid ICCID (Luhn check digit correct)"),
    "diag_barcode_bad": ("{n} таңба оқылды, бірақ бұл дұрыс ICCID емес: {reason}",
                         "Прочитано символов: {n}, но это неверный ICCID: {reason}",
                         "{n} characters read, not a valid ICCID: {reason}"),
    "diag_serial_listen": ("Тыңдау ({s} с)", "Слушать ({s} с)", "Listen ({s} s)"),
    "diag_serial_listening": ("Құжатты қазір өткізіңіз ({s} с күтеміз)…",
                              "Проведите документ сейчас (ждём {s} с)…",
                              "Swipe a document now (waiting {s} s)…"),
    "diag_no_serial": ("сериялық MRZ оқығышы бапталмаған",
                       "последовательный считыватель MRZ не настроен",
                       "no serial MRZ reader configured"),
    "diag_no_pin_set": ("Диагностика PIN-коды орнатылмаған (kiosk.diagnostics_pin): экран "
                        "ашылмайды.",
                        "PIN-код диагностики не задан (kiosk.diagnostics_pin): экран не "
                        "откроется.",
                        "No diagnostics PIN is set (kiosk.diagnostics_pin): the screen stays "
                        "locked."),
    "diag_face_found": ("бет табылды", "лицо найдено", "face found"),
    "diag_no_face": ("бет жоқ", "лица нет", "no face"),
    # -- face step (issue 11: preview, challenges, guidance, failure reasons) --------------------
    "face_position": ("Бетіңізді сопақша ішіне орналастырып, «Дайынмын» түймесін басыңыз",
                      "Поместите лицо в овал и нажмите «Я готов(а)»",
                      "Put your face in the oval, then press “I'm ready”"),
    "face_in_place": ("Жақсы, бетіңіз дұрыс орналасты", "Хорошо, лицо на месте",
                      "Good, your face is in place"),
    "face_get_ready": ("Келесі суретті күтіңіз, қозғалмаңыз",
                       "Ждите следующую картинку, не двигайтесь",
                       "Hold still for the next picture"),
    "face_matching": ("Құжаттағы суретпен салыстырылуда…",
                      "Сравниваем с фотографией в документе…",
                      "Comparing with your document photo…"),
    "face_camera_starting": ("Камера қосылуда…", "Включаем камеру…", "Starting the camera…"),
    "face_fail_no_answer_blink": ("Сіз уақытында көзіңізді жұмып-ашпадыңыз.",
                                  "Вы не моргнули вовремя.", "You did not blink in time."),
    "face_fail_no_answer_turn_left": ("Сіз басыңызды уақытында солға бұрмадыңыз.",
                                      "Вы не повернули голову влево вовремя.",
                                      "You did not turn your head left in time."),
    "face_fail_no_answer_turn_right": ("Сіз басыңызды уақытында оңға бұрмадыңыз.",
                                       "Вы не повернули голову вправо вовремя.",
                                       "You did not turn your head right in time."),
    "face_fail_no_answer_smile": ("Сіз уақытында күлімсіремедіңіз.", "Вы не улыбнулись вовремя.",
                                  "You did not smile in time."),
    "face_fail_no_answer_nod": ("Сіз уақытында басыңызды иземедіңіз.", "Вы не кивнули вовремя.",
                                "You did not nod in time."),
    "face_fail_wrong_move": ("Сіз суреттегіден басқа қимыл жасадыңыз.",
                             "Вы сделали другое движение, не то, что на картинке.",
                             "You made a different movement from the one shown."),
    "face_fail_no_return": ("Қимылдан кейін камераға қайта тура қарамадыңыз.",
                            "После движения вы не посмотрели снова прямо в камеру.",
                            "After the movement you did not look straight at the camera again."),
    "face_fail_not_still": ("Келесі суретті күткенде қозғалдыңыз.",
                            "Вы двигались, пока мы ждали следующую картинку.",
                            "You moved while waiting for the next picture."),
    "face_fail_too_early": ("Сурет көрсетілмей тұрып қозғалдыңыз.",
                            "Вы начали двигаться до того, как появилась картинка.",
                            "You moved before the picture appeared."),
    "face_fail_second_face": ("Кадрда бірнеше адам болды.", "В кадре было больше одного человека.",
                              "More than one person was in view."),
    "face_fail_not_live": ("Камера алдында тірі адам тұрғанын растай алмадық.",
                           "Мы не смогли убедиться, что перед камерой живой человек.",
                           "We could not confirm that a live person is in front of the camera."),
    "face_fail_face_lost": ("Бетіңіз камерадан шығып кетті.", "Ваше лицо вышло из кадра.",
                            "Your face left the camera's view."),
    "face_fail_too_dark": ("Бетіңізді көру үшін тым қараңғы болды.",
                           "Было слишком темно, чтобы увидеть лицо.",
                           "It was too dark to see your face."),
    "face_fail_backlight": ("Артыңыздағы жарық тым ашық болды.",
                            "Свет за вашей спиной был слишком ярким.",
                            "The light behind you was too bright."),
    "face_fail_not_clear": ("Бетіңізді анық көре алмадық.",
                            "Мы не смогли чётко рассмотреть ваше лицо.",
                            "We could not see your face clearly."),
    "face_fail_no_match": ("Бет құжаттағы суретке сәйкес келмеді.",
                           "Лицо не совпало с фотографией в документе.",
                           "The face did not match the document photo."),
    "face_fail_unclear": ("Тексеру сәтсіз аяқталды.", "Проверка не удалась.",
                          "The check did not work."),
    "face_next_move": ("Суретті күтіп, ол көрсеткен қимылды жасаңыз да, камераға қайта тура "
                       "қараңыз.",
                       "Дождитесь картинки, сделайте показанное движение и снова посмотрите "
                       "прямо в камеру.",
                       "Wait for the picture, do the movement it shows, then look straight at "
                       "the camera again."),
    "face_next_one_person": ("Кадрда тек сіз ғана болыңыз.",
                             "Проследите, чтобы в кадре были только вы.",
                             "Make sure only you are in view."),
    "face_next_live": ("Камера алдында фотосуретсіз және экрансыз өзіңіз тұрыңыз.",
                       "Встаньте перед камерой сами, без фотографии или экрана.",
                       "Stand in front of the camera yourself, without a photo or a screen."),
    "face_next_stay": ("Тексеру біткенше бетіңізді сопақша ішінде ұстаңыз.",
                       "Держите лицо в овале до конца проверки.",
                       "Keep your face inside the oval until the check ends."),
    "face_next_light": ("Бетіңіз жақсы жарықталатын, артыңызда ашық жарық жоқ жерде тұрыңыз.",
                        "Встаньте так, чтобы лицо было хорошо освещено, а за спиной не было "
                        "яркого света.",
                        "Stand where your face is well lit, with no bright light behind you."),
    "face_next_look": ("Бетіңізді сопақша ішіне қойып, камераға тура қарап, қозғалмаңыз.",
                       "Поместите лицо в овал, смотрите прямо в камеру и не двигайтесь.",
                       "Put your face in the oval, look straight at the camera and hold still."),
    "face_try_again": ("Қайталау үшін «Дайынмын» түймесін басыңыз.",
                       "Чтобы попробовать снова, нажмите «Я готов(а)».",
                       "Press “I'm ready” to try again."),
    "face_last_attempt": ("Бұл соңғы әрекет.", "Это последняя попытка.",
                          "This is your last attempt."),
    # --- passport chip (issue 17; the chip step of the document screen is not wired yet) ---
    "chip_place": ("Паспорттың суреті бар бетін оқу құрылғысына қойып, қозғалтпай ұстаңыз",
                   "Положите паспорт страницей с фотографией на считыватель и не двигайте его",
                   "Place your passport's photo page on the reader and keep it still"),
    "chip_reading": ("Паспорт чипі оқылып жатыр…", "Читаем чип паспорта…",
                     "Reading the passport's chip…"),
    "chip_moved": ("Паспорт жылжып кетті. Оны оқу құрылғысына қайта қойып, қозғалтпай ұстаңыз.",
                   "Паспорт сдвинулся. Положите его на считыватель ещё раз и не двигайте.",
                   "The passport moved. Place it on the reader again and keep it still."),
    "chip_verified": ("Паспорт чипі тексерілді", "Чип паспорта проверен",
                      "The passport's chip is verified"),
    "chip_not_verified": ("Паспорт чипін тексеру мүмкін болмады",
                          "Не удалось проверить чип паспорта",
                          "The passport's chip could not be verified"),
    "chip_mismatch": ("Чиптегі деректер паспорт бетіндегі деректерге сәйкес келмейді",
                      "Данные чипа не совпадают с данными на странице паспорта",
                      "The chip and the printed page do not match"),
    "chip_clerk": ("Құжатыңызды қызметкер тексереді", "Ваш документ проверит сотрудник",
                   "A member of staff will check your document"),
    "chip_no_reader": ("Чип оқу құрылғысы қосылмаған", "Считыватель чипа не подключён",
                       "The chip reader is not connected"),
    # -- screens: frame, endings, idle warning, cancel, back, frozen (the "screens" helper) ------
    "back": ("Артқа", "Назад", "Back"),
    "consent_decline": ("Келіспеймін", "Я не согласен(на)", "I do not agree"),
    "cancel_confirm_title": ("Тіркеуді тоқтатасыз ба?", "Прервать регистрацию?",
                             "Stop the registration?"),
    "cancel_confirm_text": ("Осы уақытқа дейін енгізілген деректер осы құрылғыдан өшіріледі.",
                            "Всё, что вы ввели, будет удалено с этого устройства.",
                            "What you entered so far will be deleted from this kiosk."),
    "cancel_confirm_yes": ("Иә, тоқтату", "Да, прервать", "Yes, stop"),
    "cancel_confirm_no": ("Жоқ, жалғастыру", "Нет, продолжить", "No, continue"),
    "idle_title": ("Тағы уақыт керек пе?", "Нужно больше времени?", "Need more time?"),
    "idle_text": ("{n} секундтан кейін сессия аяқталады. Жалғастыру үшін экранды түртіңіз.",
                  "Через {n} с сеанс завершится. Коснитесь экрана, чтобы продолжить.",
                  "The session ends in {n} s. Touch the screen to continue."),
    "idle_more": ("Иә, жалғастыру", "Да, продолжить", "Yes, continue"),
    "frozen_title": ("Киоск уақытша жұмыс істемейді", "Киоск временно не работает",
                     "This kiosk is temporarily unavailable"),
    "frozen_text": ("Кассадағы қызметкерге хабарласыңыз.", "Обратитесь к сотруднику на кассе.",
                    "Please ask a member of staff at the counter."),
    "take_card": ("Жеке куәлігіңізді сканерден алыңыз.",
                  "Заберите удостоверение личности со сканера.",
                  "Take your ID card from the scanner."),
    "reference_caption": ("Өтініш нөмірі", "Номер заявки", "Your reference"),
    "receipt_phone": ("Телефон нөмірі: {number}", "Номер телефона: {number}",
                      "Phone number: {number}"),
    "receipt_sim": ("SIM-карта: …{tail}", "SIM-карта: …{tail}", "SIM card: …{tail}"),
    "data_sent": ("Қол қойылған өтінішіңіз операторға жіберілді. Фотосуреттер осы құрылғыда "
                  "сақталмайды.",
                  "Ваша подписанная заявка отправлена оператору. Фотографии на этом устройстве "
                  "не хранятся.",
                  "Your signed registration was sent to the operator. Photos are not kept on "
                  "this kiosk."),
    "data_kept_queued": ("Өтінішіңіз жіберілгенше осы құрылғыда қорғалған күйде сақталады.",
                         "Ваша заявка хранится на этом устройстве под защитой, пока не будет "
                         "отправлена.",
                         "Your registration is kept safely on this kiosk until it has been "
                         "sent."),
    "data_rejected": ("Өтініш қызметкер тексеруі үшін шектеулі уақыт сақталады.",
                      "Заявка хранится ограниченное время, чтобы сотрудник мог её проверить.",
                      "The registration is kept for a limited time so that staff can check it."),
    "end_document": ("Құжат қабылданбады", "Документ не принят",
                     "The document was not accepted"),
    "end_liveness": ("Бетті тексеру өтпеді", "Проверка лица не пройдена",
                     "The face check did not pass"),
    "end_no_match": ("Бет құжаттағы суретке сәйкес келмеді", "Лицо не совпало с фото в документе",
                     "Your face did not match the document photo"),
    "end_referred": ("Қызметкердің тексеруі қажет", "Нужна проверка сотрудником",
                     "A member of staff needs to check"),
    "end_review_refused": ("Тіркеу қабылданбады", "В регистрации отказано",
                           "The registration was refused"),
    "end_cancelled": ("Тіркеу тоқтатылды", "Регистрация прервана",
                      "The registration was stopped"),
    "end_declined": ("Келісім берілмеді", "Согласие не дано", "You did not agree"),
    "end_timed_out": ("Уақыт бітті", "Время истекло", "Time ran out"),
    "end_failed": ("Техникалық ақау", "Техническая ошибка", "A technical fault occurred"),
    "end_document_valid": ("Жарамды жеке куәлікпен қайта келіңіз немесе кассаға жақындаңыз.",
                           "Приходите с действующим удостоверением или обратитесь на кассу.",
                           "Come back with a valid ID card, or ask at the counter."),
    "end_declined_text": ("Келісімсіз SIM-картаны осы жерде тіркеу мүмкін емес. Кассада "
                          "көмектеседі.",
                          "Без согласия зарегистрировать SIM-карту здесь нельзя. Вам помогут на "
                          "кассе.",
                          "Without your consent the SIM card cannot be registered here. Staff "
                          "at the counter can help."),
}

# Session outcomes (kiosk.session.Outcome values) -> what the ended screen says.
_OUTCOMES: dict[str, tuple[str, str, str]] = {
    "activated": ("SIM-картаны телефонға салыңыз: оны бірден пайдалана аласыз.",
                  "Вставьте SIM-карту в телефон: ею можно пользоваться сразу.",
                  "Put the SIM card in your phone: you can use it right away."),
    "queued": ("Өтінішіңіз сақталды және байланыс қалпына келгенде автоматты түрде жіберіледі. "
               "Қайта келудің қажеті жоқ.",
               "Ваша заявка сохранена и будет отправлена автоматически, когда появится связь. "
               "Приходить ещё раз не нужно.",
               "Your registration is saved and will be sent automatically when the connection "
               "is back. You do not need to come back."),
    "rejected": ("Оператор өтінішті қабылдамады. Өтініш нөмірімен кассаға жақындаңыз.",
                 "Оператор отклонил заявку. Обратитесь на кассу с номером заявки.",
                 "The operator refused the registration. Please go to the counter with your "
                 "reference."),
    "document_refused": ("Бұл құжатпен SIM-картаны белсендіру мүмкін емес.",
                         "С этим документом активировать SIM-карту нельзя.",
                         "A SIM card cannot be activated with this document."),
    "liveness_failed": ("Қызметкерге хабарласыңыз: ол тексеруді кассада аяқтай алады.",
                        "Обратитесь к сотруднику: он сможет завершить проверку на кассе.",
                        "Please ask a member of staff: they can complete the check at the "
                        "counter."),
    "no_match": ("Қызметкерге хабарласыңыз: ол құжатыңызды кассада тексереді.",
                 "Обратитесь к сотруднику: он проверит ваш документ на кассе.",
                 "Please ask a member of staff: they will check your document at the counter."),
    "referred": ("Жеке куәлігіңізбен және SIM-карта бумасымен кассаға жақындаңыз.",
                 "Подойдите на кассу с удостоверением личности и упаковкой SIM-карты.",
                 "Please go to the counter with your ID card and the SIM card pack."),
    "review_refused": ("Сұрақтарыңыз болса, қызметкерге хабарласыңыз.",
                       "Если у вас есть вопросы, обратитесь к сотруднику.",
                       "If you have questions, please ask the member of staff."),
    "frozen": ("Киоск уақытша жұмыс істемейді. Кассаға жақындаңыз.",
               "Киоск временно не работает. Подойдите к кассе.",
               "This kiosk is temporarily out of service. Please go to the counter."),
    "cancelled": ("Қаласаңыз, қайтадан бастай аласыз.", "Вы можете начать заново в любое время.",
                  "You can start again at any time."),
    "timed_out": ("Ешқандай әрекет болмағандықтан, сессия аяқталды. Қайтадан бастай аласыз.",
                  "Сеанс завершён, потому что долго не было действий. Можно начать заново.",
                  "The session ended because nothing happened for a while. You can start "
                  "again."),
    "failed": ("Кешіріңіз, бірдеңе дұрыс болмады. Қызметкерге хабарласыңыз.",
               "Приносим извинения, что-то пошло не так. Обратитесь к сотруднику.",
               "We are sorry, something went wrong. Please ask a member of staff."),
}

# Problem codes: document reader, face quality, session review codes.
_PROBLEMS: dict[str, tuple[str, str, str]] = {
    "expired": ("Құжаттың мерзімі өткен.", "Срок действия документа истёк.",
                "The document has expired."),
    "under_age": ("Иесі ең төменгі жасқа толмаған.", "Владелец моложе допустимого возраста.",
                  "The holder is below the minimum age."),
    "mrz_check_failed": ("Құжаттағы бақылау сандары сәйкес емес.",
                         "Контрольные цифры документа не сходятся.",
                         "The document's check digits do not add up."),
    "mrz_unreadable": ("Құжаттың төменгі жолдарын оқу мүмкін болмады.",
                       "Не удалось прочитать нижние строки документа.",
                       "The lines at the bottom of the document could not be read."),
    "mrz_not_found": ("Құжаттың төменгі жолдары табылмады.",
                      "Нижние строки документа не найдены.",
                      "The lines at the bottom of the document were not found."),
    "mrz_format": ("Құжаттың төменгі жолдары дұрыс пішімде емес.",
                   "Нижние строки документа имеют неверный формат.",
                   "The lines at the bottom of the document are not in the right format."),
    "birth_date_unknown": ("Туған күнін оқу мүмкін болмады.",
                           "Не удалось прочитать дату рождения.",
                           "The date of birth could not be read."),
    "expiry_unknown": ("Жарамдылық мерзімін оқу мүмкін болмады.",
                       "Не удалось прочитать срок действия.",
                       "The expiry date could not be read."),
    "iin_missing": ("Құжатта ЖСН табылмады.", "В документе не найден ИИН.",
                    "No IIN was found on the document."),
    "iin_invalid": ("ЖСН дұрыс емес.", "ИИН недействителен.", "The IIN is not valid."),
    "iin_mismatch": ("ЖСН туған күнмен немесе жынысымен сәйкес емес.",
                     "ИИН не совпадает с датой рождения или полом.",
                     "The IIN does not agree with the birth date or sex."),
    "foreign_document": ("Шетелдік құжат: қызметкер тексеруі қажет.",
                         "Иностранный документ: нужна проверка сотрудником.",
                         "Foreign document: a member of staff must check it."),
    "issuer_refused": ("Бұл елдің құжаттары қабылданбайды.",
                       "Документы этой страны не принимаются.",
                       "Documents from this country are not accepted."),
    "no_portrait": ("Құжаттағы сурет табылмады.", "Фотография в документе не найдена.",
                    "The photo on the document was not found."),
    "no_face": ("Бет көрінбейді.", "Лицо не видно.", "No face is visible."),
    "two_faces": ("Кадрда тек бір адам болуы керек.", "В кадре должен быть один человек.",
                  "Only one person may be in view."),
    "face_too_small": ("Камераға жақынырақ келіңіз.", "Подойдите ближе к камере.",
                       "Come closer to the camera."),
    "too_dark": ("Тым қараңғы.", "Слишком темно.", "It is too dark."),
    "too_bright": ("Тым жарық.", "Слишком светло.", "It is too bright."),
    "blurry": ("Сурет бұлыңғыр.", "Изображение размыто.", "The picture is blurry."),
    "not_frontal": ("Камераға тура қараңыз.", "Смотрите прямо в камеру.",
                    "Look straight at the camera."),
    "different_faces": ("Кадрдағы беттер әртүрлі адамдарға тиесілі.",
                        "Лица в кадре принадлежат разным людям.",
                        "The faces seen belong to different people."),
    "face_match_review": ("Бет сәйкестігі шекаралық: салыстырып қараңыз.",
                          "Сходство лица пограничное: сравните сами.",
                          "The face match is borderline: compare for yourself."),
    "liveness_failed": ("Тірі адамды тексеру өтпеді.", "Проверка живого присутствия не пройдена.",
                        "The liveness check did not pass."),
    # clerk helper (issue 11): the foreign-document policy's code
    "iin_required": ("Құжатта ЖСН жоқ: клиенттің ЖСН-ын енгізіңіз.",
                     "В документе нет ИИН: введите ИИН клиента.",
                     "The document carries no IIN: enter the customer's IIN."),
    # chip wiring (issue 17): the document chip's codes, and the MRZ's state codes
    "chip_mrz_mismatch": ("Чиптегі деректер құжат бетіндегі деректерге сәйкес келмейді.",
                          "Данные в чипе не совпадают с данными на странице документа.",
                          "The data in the chip does not match the document page."),
    "chip_access_denied": ("Құжат бетіндегі жолдар чипті ашпады.",
                           "Строки на странице документа не открыли чип.",
                           "The lines on the document page did not open the chip."),
    "chip_dg_hash_mismatch": ("Чиптегі деректер өзгертілген.",
                              "Данные в чипе были изменены.",
                              "The data in the chip has been altered."),
    "chip_dg_hash_missing": ("Чиптегі деректер қолтаңбамен расталмаған.",
                             "Данные в чипе не подтверждены подписью.",
                             "The data in the chip is not covered by the signature."),
    "chip_sod_invalid": ("Чиптің қауіпсіздік файлы бүлінген.",
                         "Файл безопасности чипа повреждён.",
                         "The chip's security file is damaged."),
    "chip_sod_signature_invalid": ("Чиптің қолтаңбасы жарамсыз.",
                                   "Подпись чипа недействительна.",
                                   "The chip's signature is not valid."),
    "chip_signer_untrusted": ("Чипке қол қойған органға сенім жоқ.",
                              "Подписавший чип орган не является доверенным.",
                              "The chip was signed by an authority that is not trusted."),
    "chip_signer_missing": ("Чипте қол қоюшының сертификаты жоқ.",
                            "В чипе нет сертификата подписавшего.",
                            "The chip carries no signer certificate."),
    "chip_signer_revoked": ("Чипке қол қоюшының сертификаты кері қайтарылған.",
                            "Сертификат подписавшего чип отозван.",
                            "The chip signer's certificate has been revoked."),
    "chip_signer_expired": ("Чипке қол қоюшының сертификатының мерзімі өткен.",
                            "Срок действия сертификата подписавшего чип истёк.",
                            "The chip signer's certificate has expired."),
    "chip_signer_not_yet_valid": ("Чипке қол қоюшының сертификаты әлі күшіне енбеген.",
                                  "Сертификат подписавшего чип ещё не действует.",
                                  "The chip signer's certificate is not valid yet."),
    "chip_csca_missing": ("Құжатты берген елдің сертификаты орнатылмаған: қызметкер тексереді.",
                          "Сертификат страны выдачи не установлен: документ проверит сотрудник.",
                          "The issuing country's certificate is not installed: a clerk checks "
                          "the document."),
    "chip_csca_expired": ("Құжатты берген елдің сертификатының мерзімі өткен.",
                          "Срок действия сертификата страны выдачи истёк.",
                          "The issuing country's certificate has expired."),
    "chip_active_auth_failed": ("Чип түпнұсқа емес сияқты (көшірме болуы мүмкін).",
                                "Чип, по-видимому, не подлинный (возможно, копия).",
                                "The chip does not appear to be genuine (it may be a copy)."),
    "chip_auth_failed": ("Чип түпнұсқа емес сияқты (көшірме болуы мүмкін).",
                         "Чип, по-видимому, не подлинный (возможно, копия).",
                         "The chip does not appear to be genuine (it may be a copy)."),
    "chip_card_removed": ("Паспорт оқу кезінде алынып қалды. Оны қайта қойып, қозғалтпай "
                          "ұстаңыз.",
                          "Паспорт убрали во время чтения. Положите его снова и не двигайте.",
                          "The passport was lifted during reading. Place it again and keep it "
                          "still."),
    "chip_no_card": ("Оқу құрылғысында чипі бар құжат табылмады.",
                     "На считывателе не найден документ с чипом.",
                     "No document with a chip was found on the reader."),
    "chip_not_read": ("Құжаттың чипі оқылмады, ал ол міндетті.",
                      "Чип документа не прочитан, а это обязательно.",
                      "The document's chip was not read, and it is required."),
    "chip_not_emrtd": ("Оқу құрылғысындағы карта паспорт чипі емес.",
                       "Карта на считывателе не является чипом паспорта.",
                       "The card on the reader is not a passport chip."),
    "chip_file_missing": ("Чипте қажетті деректер жоқ.", "В чипе нет нужных данных.",
                          "The chip lacks data it should hold."),
    "chip_file_invalid": ("Чиптегі деректерді оқу мүмкін емес.",
                          "Данные в чипе не читаются.",
                          "The data in the chip cannot be read."),
    "chip_secure_messaging_failed": ("Чиппен байланыс үзілді. Паспортты қайта қойыңыз.",
                                     "Связь с чипом прервалась. Положите паспорт снова.",
                                     "The connection to the chip broke. Place the passport "
                                     "again."),
    "chip_protocol_error": ("Чиппен байланыс үзілді. Паспортты қайта қойыңыз.",
                            "Связь с чипом прервалась. Положите паспорт снова.",
                            "The connection to the chip broke. Place the passport again."),
    "chip_reader_absent": ("Чип оқу құрылғысы қосылмаған.", "Считыватель чипа не подключён.",
                           "The chip reader is not connected."),
    "chip_reader_error": ("Чип оқу құрылғысы жұмыс істемей тұр.",
                          "Считыватель чипа не работает.",
                          "The chip reader is not working."),
    "printed_portrait_mismatch": ("Құжат бетіндегі сурет чиптегі суретке сәйкес келмейді.",
                                  "Фото на странице документа не совпадает с фото в чипе.",
                                  "The photo on the document page does not match the chip's."),
    "mrz_unknown_state": ("Құжаттағы ел коды белгісіз: қызметкер тексереді.",
                          "Код страны в документе неизвестен: документ проверит сотрудник.",
                          "The country code on the document is unknown: a clerk checks it."),
}
_PROBLEM_FALLBACK = ("Құжатты қабылдау мүмкін емес.", "Документ не может быть принят.",
                     "The document cannot be accepted.")

# Liveness challenges (what the person must do now).
_PROMPTS: dict[str, tuple[str, str, str]] = {
    "blink": ("Көзіңізді жұмып-ашыңыз", "Моргните", "Blink"),
    "turn_left": ("Басыңызды солға бұрыңыз", "Поверните голову влево", "Turn your head left"),
    "turn_right": ("Басыңызды оңға бұрыңыз", "Поверните голову вправо",
                   "Turn your head right"),
    "smile": ("Күліңіз", "Улыбнитесь", "Smile"),
    "nod": ("Басыңызды изеңіз", "Кивните головой", "Nod your head"),
    "open_mouth": ("Аузыңызды ашыңыз", "Откройте рот", "Open your mouth"),
}

# Guidance while a challenge runs (FrameFeedback.message codes).
_GUIDANCE: dict[str, tuple[str, str, str]] = {
    "move_closer": ("Жақынырақ келіңіз", "Подойдите ближе", "Come closer"),
    "move_back": ("Сәл алысырақ тұрыңыз", "Отойдите немного", "Step back a little"),
    "center_face": ("Бетіңізді жақтаудың ортасына келтіріңіз", "Поместите лицо в центр рамки",
                    "Put your face in the middle of the frame"),
    "no_face": ("Бет көрінбейді", "Лицо не видно", "We cannot see your face"),
    "second_face": ("Кадрда тек бір адам болсын", "В кадре должен быть один человек",
                    "Only one person in view, please"),
    "two_faces": ("Кадрда тек бір адам болсын", "В кадре должен быть один человек",
                  "Only one person in view, please"),
    "hold_still": ("Қозғалмаңыз", "Не двигайтесь", "Hold still"),
    "more_light": ("Жарық жеткіліксіз", "Недостаточно света", "Not enough light"),
    "look_at_camera": ("Камераға қараңыз", "Посмотрите в камеру", "Look at the camera"),
}
# Guidance codes the liveness engine may add (issue 11); an unknown one reads "look at the camera".
_GUIDANCE.update({
    "too_dark": ("Тым қараңғы, жарығырақ жерге тұрыңыз", "Слишком темно, встаньте, где светлее",
                 "Too dark, move to more light"),
    "backlight": ("Артыңыздағы жарық тым ашық", "Слишком яркий свет за спиной",
                  "Too much light behind you"),
    "too_bright": ("Жарық тым ашық", "Слишком ярко", "Too bright"),
    "blurry": ("Қозғалмаңыз", "Не двигайтесь", "Hold still"),
    "one_person": ("Кадрда тек бір адам болсын", "В кадре должен быть один человек",
                   "Only one person in view, please"),
})


# The technician's diagnostics screen, in the kiosk's default language (check names and
# details stay as the checks write them: they are what a bundle and the support desk quote).
_TECH: dict[str, tuple[str, str, str]] = {
    "diag_pin_title": ("Диагностика — техниктің PIN-коды", "Диагностика — PIN-код техника",
                       "Diagnostics — technician PIN"),
    "diag_back": ("Артқа", "Назад", "Back"),
    "diag_open": ("Ашу", "Открыть", "Open"),
    "diag_wrong_pin": ("PIN-код қате.", "Неверный PIN-код.", "Wrong PIN."),
    "diag_pin_locked": ("Қате PIN-код тым көп енгізілді; бір минут күтіңіз.",
                        "Слишком много неверных PIN-кодов; подождите минуту.",
                        "Too many wrong PINs; wait a minute."),
    "diag_run_checks": ("Тексеру", "Запустить проверки", "Run checks"),
    "diag_camera": ("Камера қосу/өшіру", "Камера вкл/выкл", "Camera on/off"),
    "diag_export": ("Бума экспорты", "Выгрузить пакет", "Export bundle"),
    "diag_close": ("Жабу", "Закрыть", "Close"),
    "diag_col_status": ("күйі", "статус", "status"),
    "diag_col_check": ("тексеру", "проверка", "check"),
    "diag_col_detail": ("толығырақ", "подробности", "detail"),
    "diag_camera_off": ("камера өшірулі", "камера выключена", "camera off"),
    "diag_no_camera": ("камера берілмеген", "камера не задана", "no camera given"),
    "diag_camera_starting": ("камера қосылуда…", "камера запускается…", "camera starting…"),
    "diag_stream_ended": ("камера ағыны аяқталды", "поток камеры закончился",
                          "camera stream ended"),
    "diag_camera_error": ("камера қатесі: {error}", "ошибка камеры: {error}",
                          "camera error: {error}"),
    "diag_crash_files": ("Апат файлдары", "Файлы сбоев", "Crash files"),
    "diag_no_crashes": ("(апат файлдары жоқ)", "(файлов сбоев нет)", "(no crash files)"),
    "diag_running": ("тексерулер жүріп жатыр…", "проверки выполняются…", "running checks…"),
    "diag_checks_done": ("{n} тексеру, {bad} қате", "проверок: {n}, с ошибкой: {bad}",
                         "{n} checks, {bad} failed"),
    "diag_checks_error": ("тексерулер орындалмады: {error}", "проверки не выполнены: {error}",
                          "checks could not run: {error}"),
    "diag_writing": ("диагностикалық бума жазылуда…", "диагностический пакет записывается…",
                     "writing the diagnostic bundle…"),
    "diag_written": ("бума жазылды: {path}", "пакет записан: {path}", "bundle written: {path}"),
    "diag_write_failed": ("бума жазылмады: {error}", "пакет не записан: {error}",
                          "bundle could not be written: {error}"),
}
_T.update(_TECH)


# Document field names (DocumentCheck.fields keys) for the clerk's review screen.
_FIELDS: dict[str, tuple[str, str, str]] = {
    "surname": ("Тегі", "Фамилия", "Surname"),
    "given_names": ("Аты", "Имя", "Given names"),
    "document_number": ("Құжат нөмірі", "Номер документа", "Document number"),
    "iin": ("ЖСН", "ИИН", "IIN"),
    "birth_date": ("Туған күні", "Дата рождения", "Date of birth"),
    "expiry_date": ("Жарамдылық мерзімі", "Действителен до", "Expiry date"),
    "sex": ("Жынысы", "Пол", "Sex"),
    "nationality": ("Азаматтығы", "Гражданство", "Nationality"),
    "issuer": ("Берген ел", "Страна выдачи", "Issuing country"),
    "document_type": ("Құжат түрі", "Тип документа", "Document type"),
    "number": ("Құжат нөмірі", "Номер документа", "Document number"),  # clerk helper
}


def _pick(row: tuple[str, str, str], lang: str) -> str:
    return row[LANGUAGES.index(lang) if lang in LANGUAGES else 2]


def tr(lang: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English when the language is unknown)."""
    text = _pick(_T[key], lang)
    return text.format(**values) if values else text


def outcome_text(lang: str, outcome: str | None) -> str:
    return _pick(_OUTCOMES.get(outcome or "", _OUTCOMES["failed"]), lang)


def problem_text(lang: str, code: str) -> str:
    return _pick(_PROBLEMS.get(code, _PROBLEM_FALLBACK), lang)


def prompt_text(lang: str, kind: str | None) -> str:
    if kind is None:
        return tr(lang, "face_title")
    return _pick(_PROMPTS.get(kind, _GUIDANCE["look_at_camera"]), lang)


def guidance_text(lang: str, code: str | None) -> str:
    if not code:
        return ""
    return _pick(_GUIDANCE.get(code, _GUIDANCE["look_at_camera"]), lang)


def field_name(lang: str, name: str) -> str:
    row = _FIELDS.get(name)
    return _pick(row, lang) if row else name.replace("_", " ")


def tables() -> dict[str, dict[str, tuple[str, str, str]]]:
    """Every table, for the completeness test."""
    return {"text": _T, "outcomes": _OUTCOMES, "problems": _PROBLEMS, "prompts": _PROMPTS,
            "guidance": _GUIDANCE, "fields": _FIELDS}
