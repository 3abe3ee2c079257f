"""Every request handler, in the order the SDK should try them (specific before general)."""
from .conversation import (FallbackIntentHandler, HelpIntentHandler, LaunchRequestHandler, NavigationIntentHandler,
                           NoIntentHandler, SessionEndedRequestHandler, StopOrCancelIntentHandler, YesIntentHandler)
from .data_rights import DeleteDataIntentHandler, SkillDisabledEventHandler
from .errors import CatchAllExceptionHandler
from .walkthrough import (RoutineIntentHandler, StretchIntentHandler, WalkthroughNextHandler,
                        WalkthroughPreviousHandler, WalkthroughRepeatHandler, WalkthroughStartOverHandler)
from .reminders import (CancelReminderIntentHandler, GetReminderIntentHandler, PermissionResponseHandler,
                        SetReminderIntentHandler)
from .topics import (CauseIntentHandler, CrampNowIntentHandler, DoctorIntentHandler, NutritionIntentHandler,
                     PreventionIntentHandler, RemedyIntentHandler, RestlessLegsIntentHandler)
from ..interceptors import NightModeInterceptor

ALL_HANDLERS = (
    LaunchRequestHandler,
    CrampNowIntentHandler, StretchIntentHandler, RoutineIntentHandler,
    WalkthroughNextHandler, WalkthroughPreviousHandler, WalkthroughRepeatHandler, WalkthroughStartOverHandler,
    CauseIntentHandler, RemedyIntentHandler, NutritionIntentHandler, PreventionIntentHandler,
    DoctorIntentHandler, RestlessLegsIntentHandler,
    SetReminderIntentHandler, GetReminderIntentHandler, CancelReminderIntentHandler, PermissionResponseHandler,
    DeleteDataIntentHandler, SkillDisabledEventHandler,
    YesIntentHandler, NoIntentHandler, HelpIntentHandler, NavigationIntentHandler,
    StopOrCancelIntentHandler, FallbackIntentHandler, SessionEndedRequestHandler,
)
ERROR_HANDLERS = (CatchAllExceptionHandler,)
REQUEST_INTERCEPTORS = (NightModeInterceptor,)
RESPONSE_INTERCEPTORS = ()

