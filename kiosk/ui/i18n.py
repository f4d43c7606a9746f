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
    # -- liveness (issue 12): which challenge was missed (LivenessCheck.missed) --------------
    "liveness_missed_blink": ("Сіз көзіңізді уақытында жұмып-ашпадыңыз",
                              "Вы не моргнули вовремя", "You did not blink in time"),
    "liveness_missed_turn_left": ("Сіз басыңызды уақытында солға бұрмадыңыз",
                                  "Вы не повернули голову влево вовремя",
                                  "You did not turn your head left in time"),
    "liveness_missed_turn_right": ("Сіз басыңызды уақытында оңға бұрмадыңыз",
                                   "Вы не повернули голову вправо вовремя",
                                   "You did not turn your head right in time"),
    "liveness_missed_smile": ("Сіз уақытында күлмедіңіз", "Вы не улыбнулись вовремя",
                              "You did not smile in time"),
    "liveness_missed_nod": ("Сіз басыңызды уақытында иземедіңіз", "Вы не кивнули вовремя",
                            "You did not nod in time"),
}

# Session outcomes (kiosk.session.Outcome values) -> what the ended screen says.
_OUTCOMES: dict[str, tuple[str, str, str]] = {
    "activated": ("SIM-карта белсендірілді.", "SIM-карта активирована.",
                  "Your SIM card is activated."),
    "queued": ("Өтінішіңіз сақталды және байланыс болғанда жіберіледі.",
               "Ваша заявка сохранена и будет отправлена, когда появится связь.",
               "Your registration is saved and will be sent when the connection is back."),
    "rejected": ("Оператор өтінішті қабылдамады.", "Оператор отклонил заявку.",
                 "The operator refused the registration."),
    "document_refused": ("Бұл құжатпен SIM-картаны белсендіру мүмкін емес.",
                         "С этим документом активировать SIM-карту нельзя.",
                         "A SIM card cannot be activated with this document."),
    "liveness_failed": ("Бетті тексеру сәтсіз аяқталды. Қызметкерге хабарласыңыз.",
                        "Проверка лица не удалась. Обратитесь к сотруднику.",
                        "The face check did not succeed. Please ask a member of staff."),
    "no_match": ("Бет құжаттағы суретпен сәйкес келмеді. Қызметкерге хабарласыңыз.",
                 "Лицо не совпало с фотографией в документе. Обратитесь к сотруднику.",
                 "The face did not match the document photo. Please ask a member of staff."),
    "referred": ("Қызметкер тексеруі қажет. Кассаға жақындаңыз.",
                 "Нужна проверка сотрудником. Подойдите к кассе.",
                 "A member of staff needs to check this. Please go to the counter."),
    "review_refused": ("Қызметкер өтінішті қабылдамады.", "Сотрудник отклонил заявку.",
                       "The clerk refused the registration."),
    "frozen": ("Киоск уақытша жұмыс істемейді. Кассаға жақындаңыз.",
               "Киоск временно не работает. Подойдите к кассе.",
               "This kiosk is temporarily out of service. Please go to the counter."),
    "cancelled": ("Сессия тоқтатылды.", "Сеанс отменён.", "The session was cancelled."),
    "timed_out": ("Уақыт бітті, сессия тоқтатылды.", "Время истекло, сеанс завершён.",
                  "Time ran out, the session has ended."),
    "failed": ("Техникалық ақау. Қызметкерге хабарласыңыз.",
               "Техническая ошибка. Обратитесь к сотруднику.",
               "A technical fault occurred. Please ask a member of staff."),
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
    # -- liveness (issue 12): guidance codes of the field-conditions work --------------------
    "one_person": ("Өтінеміз, кадрда тек бір адам болсын",
                   "Пожалуйста, в кадре должен быть только один человек",
                   "Only one person, please"),
    "too_dark": ("Бетіңізге жарық жеткіліксіз", "Лицу не хватает света",
                 "Too dark: your face needs more light"),
    "backlight": ("Жарық сіздің артыңызда: терезеге арқаңызбен тұрмаңыз",
                  "Свет у вас за спиной: не стойте спиной к окну",
                  "The light is behind you: do not stand with your back to a window"),
}


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
