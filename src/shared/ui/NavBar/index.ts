export { NavBar, goBack, goHome, type NavBarProps } from './NavBar'
