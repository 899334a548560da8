//! Components: they render the state and dispatch actions; no logic of their own beyond
//! presentation. Each receives the whole state but compares only the fields it reads, so a
//! keystroke in the editor does not re-render the results table.

pub mod app;
pub mod context_panel;
pub mod details;
pub mod dns;
pub mod editor;
pub mod header;
pub mod results;
pub mod share_box;
pub mod walkthrough;

/// Props of a component that reads some fields of the state: equal when those fields are,
/// and the language too (every component shows text from `i18n::strings()`, so each one
/// re-renders when the language changes; no need to list `lang`).
macro_rules! state_view_props {
    ($name:ident { $($field:ident),* $(,)? }) => {
        #[derive(yew::Properties, Clone)]
        pub struct $name {
            /// A snapshot of the state at the parent's render.
            pub state: std::rc::Rc<crate::state::State>,
            pub dispatch: crate::components::Dispatch,
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                std::rc::Rc::ptr_eq(&self.state, &other.state)
                    || (self.state.lang == other.state.lang
                        $(&& self.state.$field == other.state.$field)*)
            }
        }
    };
}

pub(crate) use state_view_props;

/// How components send actions.
pub type Dispatch = yew::UseReducerDispatcher<crate::state::State>;
