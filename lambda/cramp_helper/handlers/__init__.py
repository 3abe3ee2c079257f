"""Every request handler, in the order the SDK should try them (specific before general)."""

from ..deadline import DeadlineInterceptor
from ..interceptors import NightModeInterceptor, SessionCheckInterceptor
from .check_in import CheckInLaunchHandler, CheckInPermissionHandler, StillCrampingHandler
from .conversation import (
    FallbackIntentHandler,
    HelpIntentHandler,
    LaunchRequestHandler,
    NavigationIntentHandler,
    NoIntentHandler,
    SessionEndedRequestHandler,
    StopOrCancelIntentHandler,
    YesIntentHandler,
)
from .data_rights import DeleteDataIntentHandler, SkillDisabledEventHandler
from .diary import CrampHistoryIntentHandler, LogCrampIntentHandler, LoggedRedFlagHandler
from .errors import CatchAllExceptionHandler
from .name_free import CanFulfillIntentHandler
from .pace import PaceIntentHandler, PauseIntentHandler, ResumeIntentHandler
from .reminders import (
    CancelReminderIntentHandler,
    GetReminderIntentHandler,
    PermissionResponseHandler,
    SetReminderIntentHandler,
)
from .safety import MedicineIntentHandler, RedFlagHandler, WarnedSubstanceHandler
from .topics import (
    CauseIntentHandler,
    CrampGoneIntentHandler,
    CrampNowIntentHandler,
    CrampSiteIntentHandler,
    DoctorIntentHandler,
    NutritionIntentHandler,
    PreventionIntentHandler,
    RemedyIntentHandler,
    RestlessLegsIntentHandler,
    TopicAnswerHandler,
)
from .touch import TouchHandler
from .walkthrough import (
    RoutineIntentHandler,
    StretchIntentHandler,
    WalkthroughNextHandler,
    WalkthroughPreviousHandler,
    WalkthroughRepeatHandler,
    WalkthroughStartOverHandler,
)

ALL_HANDLERS = (
    CanFulfillIntentHandler,  # a name-free "can you answer this?": an answer only, before anything is said
    LoggedRedFlagHandler,  # a red flag said while logging a cramp: the same urgent help first, and it is noted
    StillCrampingHandler,  # "it still hurts" at the check-in: the long-cramp urgent line, whatever else was said
    RedFlagHandler,  # first to speak on any other intent: a red flag gets urgent help before anything else
    WarnedSubstanceHandler,  # quinine or tonic water named on any intent: the warning, before any other answer
    CheckInLaunchHandler,  # the check-in timer rang: "is the cramp gone?", before the usual welcome
    LaunchRequestHandler,
    CrampNowIntentHandler,
    StretchIntentHandler,
    RoutineIntentHandler,
    WalkthroughNextHandler,
    WalkthroughPreviousHandler,
    WalkthroughRepeatHandler,
    WalkthroughStartOverHandler,
    TouchHandler,
    CauseIntentHandler,
    RemedyIntentHandler,
    NutritionIntentHandler,
    PreventionIntentHandler,
    DoctorIntentHandler,
    RestlessLegsIntentHandler,
    MedicineIntentHandler,
    TopicAnswerHandler,
    CrampSiteIntentHandler,
    CrampGoneIntentHandler,
    LogCrampIntentHandler,
    CrampHistoryIntentHandler,
    PaceIntentHandler,
    PauseIntentHandler,
    ResumeIntentHandler,
    SetReminderIntentHandler,
    GetReminderIntentHandler,
    CancelReminderIntentHandler,
    CheckInPermissionHandler,
    PermissionResponseHandler,
    DeleteDataIntentHandler,
    SkillDisabledEventHandler,
    YesIntentHandler,
    NoIntentHandler,
    HelpIntentHandler,
    NavigationIntentHandler,
    StopOrCancelIntentHandler,
    FallbackIntentHandler,
    SessionEndedRequestHandler,
)
ERROR_HANDLERS = (CatchAllExceptionHandler,)
# the turn's clock starts first, then the session is checked once, then night mode is decided
REQUEST_INTERCEPTORS = (DeadlineInterceptor, SessionCheckInterceptor, NightModeInterceptor)
